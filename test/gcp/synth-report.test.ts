/**
 * Every warning a GCP workspace raises reaches the terminal on every path: printed at synth when the
 * app runs on its own (`node main.ts`, the plain-Terraform path), left to the cdktf CLI (which
 * prints cdktf.out/manifest.json) when the CLI runs the app, and never printed twice.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { EXAMPLES_DIR, REPO_ROOT, listExamples, synthGcpExample } from '../../scripts/lib/examples';
import { CoiledGcpStack } from '../../src/gcp';
import { synthReportOutput } from '../../src/gcp/private/synth-report-output';

function captured(fn: () => void): string {
  let text = '';
  const spy = jest.spyOn(synthReportOutput, 'write').mockImplementation((t) => void (text += t));
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return text;
}

/** What the cdktf CLI would print: the warnings in the manifest, as `WARN [path]: message`. */
function manifestWarnings(outdir: string, stackId: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return manifest.stacks[stackId].annotations.filter((a: any) => a.level === '@cdktf/warn').map((a: any) => `WARN [${a.constructPath}]: ${a.message}`);
}

describe.each(listExamples('gcp').map((e) => [e.name, e] as const))('%s', (_name, example) => {
  test('synth prints each warning of the manifest once', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-report-'));
    let stackId = '';
    const text = captured(() => {
      stackId = synthGcpExample(example, { outdir }).stack.node.id;
    });
    const expected = manifestWarnings(outdir, stackId);
    const printed = text.split('\n').filter((l) => l !== '');
    expect(printed.sort()).toEqual(expected.sort());
  });
});

test('the default example prints its open-to-the-world warning (the test above can see a warning)', () => {
  const example = listExamples('gcp').find((e) => e.name === 'default')!;
  const text = captured(() => synthGcpExample(example));
  expect(text).toMatch(/^WARN \[coiled-default\/Workspace\/Firewall\]: \[coiled-byoc:ingressFromAnywhere\] The default ingress opens ports 443, 8786-8787 on the scheduler to every public IPv4 address \(the whole internet\)/m);
});

test('under the cdktf CLI nothing is printed: the CLI prints the manifest itself', () => {
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
  try {
    const text = captured(() => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-report-')) });
      new CoiledGcpStack(app, 'cli', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'cli' });
      app.synth();
    });
    expect(text).toBe('');
  } finally {
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  }
});

test('Testing.synth (unit tests of a user\'s stack) prints nothing', () => {
  const text = captured(() => {
    const stack = new CoiledGcpStack(Testing.app(), 'unit', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'unit' });
    Testing.synth(stack);
  });
  expect(text).toBe('');
});

test('a real `node main.ts` run writes the warning to stderr', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-report-'));
  const result = spawnSync(
    process.execPath,
    [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-r', path.join(REPO_ROOT, 'scripts', 'resolve-local.js'), path.join(EXAMPLES_DIR, 'gcp', 'default', 'main.ts')],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir } },
  );
  expect(result.status).toBe(0);
  expect(result.stderr).toContain('WARN [coiled-default/Workspace/Firewall]: [coiled-byoc:ingressFromAnywhere]');
  expect(result.stdout).toBe('');
}, 60_000);
