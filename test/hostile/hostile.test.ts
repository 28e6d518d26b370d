/**
 * The hostile-input table (issue #11): over 200 inputs across both clouds and the hand-off command,
 * each with its expected outcome. For every case:
 * - no exception but ours (CoiledByocError, or the CLI's one-line refusal);
 * - our error carries the stable code, a construct path, the input as the user wrote it, the bad
 *   value (a secret's value is never shown) and a fix; a suggested value, fed back, passes (that
 *   input is then accepted);
 * - a dangerous input that is allowed says so (a warning), never silently;
 * - nothing printed by the CLI carries a raw control character.
 */
import { AWS_CASES } from './aws-cases';
import { CLI_CASES } from './cli-cases';
import { GCP_CASES } from './gcp-cases';
import { Case, UNSAFE_OUTPUT, attempt, getIn, setIn } from './harness';
import { renderValue } from '../../src/core/errors';

jest.setTimeout(120_000);

const CASES: Case[] = [...AWS_CASES, ...GCP_CASES, ...CLI_CASES];

test('the table has at least 200 cases across both clouds and the CLI', () => {
  const by = (cloud: string) => CASES.filter((c) => c.cloud === cloud).length;
  expect(CASES.length).toBeGreaterThanOrEqual(200);
  for (const cloud of ['aws', 'gcp', 'cli']) expect(by(cloud)).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => `${c.cloud}: ${c.name}`)).size).toBe(CASES.length);
});

describe.each(['aws', 'gcp', 'cli'])('%s', (cloud) => {
  test.each(CASES.filter((c) => c.cloud === cloud).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { error, result } = attempt(c, c.props);
    const expected = c.expect;
    if ('error' in expected) {
      expect(result).toBeUndefined();
      expect(error).toBeDefined();
      expect(`${error!.code} at ${error!.input}`).toBe(`${expected.error} at ${expected.input}`);
      expect(error!.constructPath.length).toBeGreaterThan(0);
      expect(error!.constructPath).not.toMatch(/Token\[/);
      expect(error!.message).toContain(`${error!.input} = `);
      expect(error!.fix.length).toBeGreaterThan(0);
      // The value shown is the one the user wrote at that input (never a name derived from it),
      // except a secret's value, which no message ever shows.
      const written = getIn(c.props, error!.input);
      if (/^secrets\[\d+\]\.value$/.test(error!.input)) expect(error!.message).not.toContain(String(written));
      else if (['string', 'number', 'boolean'].includes(typeof written) && !/^@(param|var):/.test(String(written))) expect(error!.value).toBe(renderValue(written));
      // What the user can read: no unresolved token in a collision message.
      if (error!.code === 'NAME_COLLISION') expect(error!.message).not.toMatch(/Token\[/);
      if (error!.suggestion) {
        // The suggested value, fed back, must pass: that input is then accepted.
        const again = attempt(c, setIn(c.props, error!.suggestion.input, error!.suggestion.value));
        // (That input may still fail for another reason, with its own code and fix.)
        if (again.error) expect(`${again.error.code} at ${again.error.input}`).not.toBe(`${error!.code} at ${error!.suggestion.input}`);
        if (again.error) expect(`${again.error.code} at ${again.error.input}`).not.toBe(`${error!.code} at ${error!.input}`);
      }
      return;
    }
    if (error) throw error;
    const r = result!;
    if ('exit' in expected) {
      const cli = r.cli!;
      expect({ code: cli.code, err: cli.code === 0 ? '' : cli.err.split('\n')[0] }).toEqual({ code: expected.exit, err: cli.code === 0 ? '' : expect.any(String) });
      if (expected.err) expect(cli.err).toMatch(expected.err);
      if (expected.out) expect(cli.out).toMatch(expected.out);
      if (expected.notOut) expect(cli.out).not.toMatch(expected.notOut);
      if (expected.exit === 1) expect(cli.err.trim().split('\n')).toHaveLength(1);
      expect(cli.err).not.toMatch(/\n\s+at /);
      expect(cli.out).not.toMatch(UNSAFE_OUTPUT);
      expect(cli.err).not.toMatch(UNSAFE_OUTPUT);
      return;
    }
    if ('warn' in expected) expect(r.warnings.join('\n')).toContain(expected.warn);
    expected.check?.(r);
  });
});

afterAll(() => {
  const outcome = (c: Case) => ('error' in c.expect ? 'our error' : 'warn' in c.expect ? 'warning' : 'exit' in c.expect ? (c.expect.exit === 0 ? 'hand-off printed' : 'refused in one line') : 'success');
  const counts: Record<string, number> = {};
  for (const c of CASES) counts[`${c.cloud} ${outcome(c)}`] = (counts[`${c.cloud} ${outcome(c)}`] ?? 0) + 1;
  if (process.env.HOSTILE_SUMMARY) console.log(`${CASES.length} hostile cases:`, counts);
});
