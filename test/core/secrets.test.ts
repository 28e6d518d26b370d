/**
 * The cloud-neutral secret model: the names a secret gets on each cloud, its environment
 * variable, where its value comes from, and every check that holds on both clouds.
 */
import * as fc from 'fast-check';
import { plainScope } from '../../src/core/errors';
import { CoiledSecretOptions, SecretRegistry, checkSecretList, planSecret } from '../../src/core/secrets';
import { libraryError } from '../util';

const scope = () => plainScope('App/Ws');
const created = { adopted: false, generated: false };
const plan = (options: CoiledSecretOptions, workspace = 'my-team', context = created) => planSecret(scope(), 'secrets[0]', workspace, options, context);

test('names on both clouds derive from the workspace; the environment variable from the name', () => {
  expect(plan({ name: 'database_token' })).toEqual({
    name: 'database_token',
    awsSecretName: 'coiled/my-team/database_token',
    gcpSecretId: 'coiled-my-team-database_token',
    environmentVariable: 'DATABASE_TOKEN_SECRET_NAME',
    description: 'database_token of Coiled workspace my-team, read by its cluster VMs',
    valueSource: 'set-after-deploy',
  });
  expect(plan({ name: 'Api', environmentVariable: 'API_SECRET', description: 'The API key' })).toMatchObject({ environmentVariable: 'API_SECRET', description: 'The API key' });
});

test('two workspaces with the same secret name get different secrets', () => {
  const a = plan({ name: 'token' }, 'team-a');
  const b = plan({ name: 'token' }, 'team-b');
  expect([a.awsSecretName, b.awsSecretName]).toEqual(['coiled/team-a/token', 'coiled/team-b/token']);
  expect([a.gcpSecretId, b.gcpSecretId]).toEqual(['coiled-team-a-token', 'coiled-team-b-token']);
});

test('no two (workspace, name) pairs ever share a secret id on either cloud (names have no hyphen)', () => {
  const workspace = fc.stringMatching(/^[a-z0-9]([a-z0-9_-]{0,10}[a-z0-9])?$/);
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
  fc.assert(
    fc.property(workspace, name, workspace, name, (w1, n1, w2, n2) => {
      fc.pre(w1 !== w2 || n1 !== n2);
      const [p1, p2] = [plan({ name: n1 }, w1), plan({ name: n2 }, w2)];
      return p1.gcpSecretId !== p2.gcpSecretId && p1.awsSecretName !== p2.awsSecretName;
    }),
    { numRuns: 1000 },
  );
});

describe('bad names fail with our error, naming the input and a fix that works', () => {
  test.each([
    ['database-token', /letters, digits and underscores/, 'database_token'],
    ['1token', /a letter, then/, 'token'],
    ['db/token', /letters, digits and underscores/, 'db_token'],
    ['tökén', /letters, digits and underscores/, 't_k_n'],
    ['', /a letter, then/, undefined],
    [42, /a letter, then/, undefined],
  ])('%j', (name, problem, suggestion) => {
    const err = libraryError(() => plan({ name } as unknown as CoiledSecretOptions));
    expect(err.code).toBe('INVALID_NAME');
    expect(err.input).toBe('secrets[0].name');
    expect(err.message).toMatch(problem);
    if (suggestion) {
      expect(err.fix).toBe(`use "${suggestion}"`);
      expect(() => plan({ name: suggestion })).not.toThrow();
    }
  });

  test('a name too long for a GCP secret id (255 with "coiled-<workspace>-" in front)', () => {
    const workspace = 'w'.repeat(57);
    const longest = 255 - `coiled-${workspace}-`.length;
    expect(plan({ name: 'n'.repeat(longest) }, workspace).gcpSecretId).toHaveLength(255);
    expect(libraryError(() => plan({ name: 'n'.repeat(longest + 1) }, workspace)).message).toMatch(new RegExp(`at most ${longest}`));
  });

  test('a token: the names derive from it at synth', () => {
    const tokens = { ...scope(), isUnresolved: (v: unknown) => v === '${Token[NAME]}' };
    expect(libraryError(() => planSecret(tokens, 'secrets[0]', 'w', { name: '${Token[NAME]}' }, created)).message).toMatch(/known at synth/);
  });

  test.each(['1VAR', 'MY-VAR', 'A B', ''])('an environment variable %j', (environmentVariable) => {
    const err = libraryError(() => plan({ name: 'x', environmentVariable }));
    expect(err.input).toBe('secrets[0].environmentVariable');
    expect(err.fix).toBe('use e.g. "X_SECRET_NAME"');
  });
});

describe('values: never in the template unless the user opts in', () => {
  const VALUE = 'tok-5ecr3t-value-0123456789';

  test('a literal value is refused, and the error never echoes it', () => {
    const err = libraryError(() => plan({ name: 'x', value: VALUE }));
    expect(err.code).toBe('PLAINTEXT_SECRET_VALUE');
    expect(err.input).toBe('secrets[0].value');
    expect(err.message).not.toContain(VALUE);
    expect(err.message).toMatch(/allowPlaintextValue: true/);
  });

  test('with the opt-in it is accepted, marked as in the template', () => {
    expect(plan({ name: 'x', value: VALUE, allowPlaintextValue: true }).valueSource).toBe('in-template');
  });

  test('the opt-in alone, a value for an adopted or generated secret: conflicting options', () => {
    expect(libraryError(() => plan({ name: 'x', allowPlaintextValue: true })).code).toBe('CONFLICTING_OPTIONS');
    for (const context of [{ adopted: true, generated: false }, { adopted: false, generated: true }]) {
      const err = libraryError(() => plan({ name: 'x', value: VALUE, allowPlaintextValue: true }, 'w', context));
      expect(err.code).toBe('CONFLICTING_OPTIONS');
      expect(err.message).not.toContain(VALUE);
    }
  });

  test('a value that is not a non-empty string, a description too long for Secrets Manager', () => {
    for (const value of ['', 42]) expect(libraryError(() => plan({ name: 'x', value, allowPlaintextValue: true } as unknown as CoiledSecretOptions)).code).toBe('INVALID_SECRET_VALUE');
    expect(libraryError(() => plan({ name: 'x', description: 'd'.repeat(2049) })).input).toBe('secrets[0].description');
    expect(plan({ name: 'x', description: 'd'.repeat(2048) }).description).toHaveLength(2048);
  });

  test('where else the value comes from', () => {
    expect(plan({ name: 'x' }, 'w', { adopted: true, generated: false }).valueSource).toBe('existing');
    expect(plan({ name: 'x' }, 'w', { adopted: false, generated: true }).valueSource).toBe('generated');
  });
});

describe('SecretRegistry: one workspace, no duplicates', () => {
  test('the same name twice, or names that differ only in case', () => {
    const registry = new SecretRegistry();
    registry.claim(scope(), 'secrets[0]', plan({ name: 'token' }));
    for (const name of ['token', 'TOKEN']) {
      const err = libraryError(() => registry.claim(scope(), 'secrets[1]', plan({ name })));
      expect(err.code).toBe('NAME_COLLISION');
      expect(err.input).toBe('secrets[1].name');
    }
  });

  test('two secrets passing their names in the same environment variable', () => {
    const registry = new SecretRegistry();
    registry.claim(scope(), 'secrets[0]', plan({ name: 'a', environmentVariable: 'TOKEN' }));
    const err = libraryError(() => registry.claim(scope(), "addSecret('B')", plan({ name: 'b', environmentVariable: 'TOKEN' })));
    expect(err.input).toBe("addSecret('B').environmentVariable");
    expect(err.message).toMatch(/overwrite/);
    registry.claim(scope(), "addSecret('C')", plan({ name: 'c' }));
    expect(registry.size).toBe(2);
  });
});

test('the secrets prop is a list', () => {
  expect(checkSecretList(scope(), undefined)).toEqual([]);
  expect(libraryError(() => checkSecretList(scope(), 'database_token' as never)).input).toBe('secrets');
});
