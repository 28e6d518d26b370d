/**
 * `coiled-byoc init`: the app it writes type-checks and synthesizes a workspace on each cloud, the
 * versions it pins are the ones this repository develops against, it never overwrites a file, and
 * bad arguments give one line and exit 2. (scripts/newcomer-check.sh runs the same apps from the
 * packed tarball with `npm install` and the pinned CLIs.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../../scripts/lib/examples';
import { Io, run } from '../../src/cli/main';
import { RUN_MAIN, SCAFFOLD_STACK } from '../../src/cli/scaffold';
import { SCAFFOLD_VERSIONS } from '../../src/cli/scaffold-versions';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), readFile: () => '' };
  const code = run(argv, io);
  return { code, out, err };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-init-'));
  // The app resolves aws-cdk-lib and cdktf from this repository's node_modules, and coiled-byoc
  // from src/ (jest's moduleNameMapper), as an installed app resolves them from its own.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'app');
}

/** Type-checks the app's main.ts with its own tsconfig, coiled-byoc resolved to src/. */
function typeErrors(dir: string): string[] {
  const config = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    // Declarations of aws-cdk-lib/cdktf are checked without skipLibCheck by scripts/newcomer-check.sh.
    skipLibCheck: true,
    paths: { 'coiled-byoc/aws': [path.join(REPO_ROOT, 'src/entry/aws.ts')], 'coiled-byoc/gcp': [path.join(REPO_ROOT, 'src/entry/gcp.ts')] },
  };
  const program = ts.createProgram(parsed.fileNames, options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Runs the app's main.ts the way its runner does (a fresh module registry), with this environment. */
function runApp(dir: string, env: Record<string, string>): void {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(dir, 'main.ts'));
    });
  } finally {
    process.env = saved;
  }
}

describe('the versions init pins', () => {
  test.each(['aws-cdk-lib', 'constructs', 'aws-cdk', 'cdktf', '@cdktf/provider-google'] as const)('%s is the version this repository develops and tests against', (name) => {
    expect(SCAFFOLD_VERSIONS[name]).toBe(PACKAGE.devDependencies[name]);
  });

  test('TypeScript is 5.x (7 has no compiler API for tools) and @types/node matches the oldest Node the CLIs run on', () => {
    expect(SCAFFOLD_VERSIONS.typescript).toMatch(/^5\.\d+\.\d+$/);
    expect(SCAFFOLD_VERSIONS['@types/node']).toMatch(/^20\.\d+\.\d+$/);
  });

  test('every version is exact, so two installs a month apart get the same app', () => {
    for (const version of Object.values(SCAFFOLD_VERSIONS)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('init aws', () => {
  const dir = tempDir();
  const result = cli('init', 'aws', dir);

  test('writes a complete app and says what to run next', () => {
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'cdk.json', 'main.ts', 'package.json', 'tsconfig.json']);
    expect(result.out).toContain('npx cdk deploy -c coiledExternalId=<external id> --outputs-file out.json');
    expect(result.out).toContain('npx coiled-byoc handoff out.json');
  });

  test('package.json pins the cloud, the CLI, TypeScript and the runner, and nothing of GCP', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('app');
    expect(pkg.dependencies).toEqual({ 'coiled-byoc': `^${PACKAGE.version}`, 'aws-cdk-lib': SCAFFOLD_VERSIONS['aws-cdk-lib'], 'constructs': SCAFFOLD_VERSIONS.constructs });
    expect(pkg.devDependencies).toEqual({ 'aws-cdk': SCAFFOLD_VERSIONS['aws-cdk'], 'typescript': SCAFFOLD_VERSIONS.typescript, 'sucrase': SCAFFOLD_VERSIONS.sucrase, '@types/node': SCAFFOLD_VERSIONS['@types/node'] });
    expect(pkg.scripts.test).toBe('tsc');
  });

  test('cdk.json runs main.ts with the pinned runner and carries no external ID', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe(RUN_MAIN);
    expect(JSON.stringify(cdkJson)).not.toMatch(/coiledExternalId|externalId/i);
  });

  test('main.ts type-checks', () => {
    expect(typeErrors(dir)).toEqual([]);
  });

  test('main.ts synthesizes the workspace with the external ID from context', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-init-out-'));
    runApp(dir, { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ coiledExternalId: '9d2e7b41c6a05f83e1b7' }) });
    const template = JSON.parse(fs.readFileSync(path.join(outdir, `${SCAFFOLD_STACK.aws}.template.json`), 'utf8'));
    const roles = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role').map((r) => r.Properties.RoleName);
    expect(roles).toContain('coiled-my-team');
    expect(JSON.stringify(template)).toContain('9d2e7b41c6a05f83e1b7');
  });

  test('without an external ID, synth fails with our error and the command to run', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-init-out-'));
    delete process.env.COILED_EXTERNAL_ID;
    expect(() => runApp(dir, { CDK_OUTDIR: outdir })).toThrow(/cdk deploy -c coiledExternalId=<external-id>/);
  });

  test('refuses to run again in the same directory, and changes nothing', () => {
    fs.writeFileSync(path.join(dir, 'main.ts'), '// mine\n');
    const again = cli('init', 'aws', dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has package.json, tsconfig.json, main.ts, README.md, .gitignore, cdk.json; nothing was written');
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toBe('// mine\n');
  });
});

describe('init gcp', () => {
  test('writes an app whose main.ts type-checks and synthesizes the Terraform JSON', () => {
    const dir = tempDir();
    const result = cli('init', 'gcp', dir, '--workspace', 'data-eng', '--project', 'acme-analytics-123', '--region', 'europe-west4');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'cdktf.json', 'main.ts', 'package.json', 'tsconfig.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@cdktf/provider-google', 'cdktf', 'coiled-byoc', 'constructs']);
    expect(pkg.devDependencies).toEqual({ 'typescript': SCAFFOLD_VERSIONS.typescript, 'sucrase': SCAFFOLD_VERSIONS.sucrase, '@types/node': SCAFFOLD_VERSIONS['@types/node'] });
    expect(pkg.scripts.synth).toBe(RUN_MAIN);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8')).app).toBe(RUN_MAIN);
    expect(typeErrors(dir)).toEqual([]);

    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-init-out-'));
    // The app's own run (fresh modules) prints the open-to-the-world warning to stderr itself.
    let stderr = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      runApp(dir, { CDKTF_OUTDIR: outdir });
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toContain('WARN [coiled/Workspace/Firewall]: [coiled-byoc:ingressFromAnywhere]');
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', SCAFFOLD_STACK.gcp, 'cdk.tf.json'), 'utf8'));
    expect(tf.provider.google).toEqual([expect.objectContaining({ project: 'acme-analytics-123', region: 'europe-west4' })]);
    const accounts = Object.values<any>(tf.resource.google_service_account).map((a) => a.account_id);
    expect(accounts.sort()).toEqual(['coiled-data-eng', 'coiled-data-eng-data']);
  });

  test('without --project, main.ts reads GOOGLE_CLOUD_PROJECT', () => {
    const dir = tempDir();
    expect(cli('init', 'gcp', dir).code).toBe(0);
    expect(typeErrors(dir)).toEqual([]);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-init-out-'));
    runApp(dir, { CDKTF_OUTDIR: outdir, GOOGLE_CLOUD_PROJECT: 'from-env-project-1' });
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', SCAFFOLD_STACK.gcp, 'cdk.tf.json'), 'utf8'));
    expect(tf.provider.google[0].project).toBe('from-env-project-1');
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('GOOGLE_CLOUD_PROJECT=<project id> npm run synth');
  });
});

describe('usage', () => {
  test.each([
    [[], 'say which cloud: aws or gcp'],
    [['azure'], 'unknown cloud "azure": aws or gcp'],
    [['aws', 'a', 'b'], 'one directory only'],
    [['aws', '--force'], 'unknown option --force'],
    [['gcp', '--project'], '--project needs a value'],
    [['aws', '--region', 'us-east1'], '--project and --region are for gcp'],
    [['aws', '--workspace', 'My Team'], 'INVALID_WORKSPACE_NAME'],
  ])('init %j: one line, exit 2, nothing written', (args, message) => {
    const cwd = process.cwd();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-init-usage-'));
    process.chdir(dir);
    try {
      const { code, out, err } = cli('init', ...args);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.split('\n')[0]).toContain(message);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('--version prints the package version; --help lists init', () => {
    expect(cli('--version')).toEqual({ code: 0, out: `${PACKAGE.version}\n`, err: '' });
    expect(cli('--help').out).toMatch(/^ {2}init +write a new app/m);
  });
});
