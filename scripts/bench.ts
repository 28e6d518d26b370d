/**
 * `npm run bench`: synth cost of each example against the floor, scaling with ingress size, and the
 * wall time of `npm test`. Writes docs/benchmarks.md from the run.
 *
 * Every measurement is a separate `node` process running compiled JavaScript (lib/ and the
 * examples transpiled), timed from spawn to exit, median of RUNS after a warm-up. The floor is a
 * bare app that imports the same libraries and synthesizes one empty stack under the same
 * settings: for AWS the aws-cdk-lib modules the library uses, for GCP cdktf and the same deep
 * provider imports. Peak memory is the child's own maxRSS.
 *
 *   npm run bench              everything (about 5-8 minutes on 2 cores)
 *   npm run bench -- --quick   3 runs, no npm test timing
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { hugeInputRows, renderHugeRows } from './lib/bench-huge-inputs';
import { REPO_ROOT, exampleContext, listExamples } from './lib/examples';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 5;
const WORK = path.join(REPO_ROOT, '.bench');
const LIB = path.join(REPO_ROOT, 'lib');

interface Sample {
  readonly ms: number;
  readonly rssMb: number;
}

interface Row {
  readonly what: string;
  readonly group: string;
  readonly samples: Sample[];
  readonly baseline?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function ensureCompiled(): void {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
      const entry = path.join(dir, e.name);
      return Math.max(t, e.isDirectory() ? newest(entry) : fs.statSync(entry).mtimeMs);
    }, 0);
  const libIndex = path.join(LIB, 'index.js');
  if (!fs.existsSync(libIndex) || newest(path.join(REPO_ROOT, 'src')) > fs.statSync(libIndex).mtimeMs) {
    console.log('compiling lib/ (jsii) ...');
    const jsii = spawnSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (jsii.status !== 0) throw new Error('jsii compile failed');
  }
  // The shipped index loads `aws`/`gcp` lazily: measure what users get.
  const lazy = spawnSync('node', [path.join(REPO_ROOT, 'scripts', 'lazy-index.js')], { stdio: 'inherit' });
  if (lazy.status !== 0) throw new Error('lazy-index failed');
}

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function prepare(): void {
  fs.rmSync(WORK, { recursive: true, force: true });
  write(
    path.join(WORK, 'hook.js'),
    `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'coiled-byoc') return resolve.call(this, ${JSON.stringify(path.join(LIB, 'index.js'))}, ...rest);
  if (request === 'coiled-byoc/aws' || request === 'coiled-byoc/gcp') return resolve.call(this, ${JSON.stringify(path.join(LIB, 'entry'))} + '/' + request.slice('coiled-byoc/'.length) + '.js', ...rest);
  if (request.startsWith('coiled-byoc/lib/')) return resolve.call(this, ${JSON.stringify(LIB)} + '/' + request.slice('coiled-byoc/lib/'.length), ...rest);
  return resolve.call(this, request, ...rest);
};
process.on('exit', () => {
  require('fs').writeFileSync(process.env.BENCH_RESULT, String(process.resourceUsage().maxRSS));
  if (process.env.BENCH_MODULES) require('fs').writeFileSync(process.env.BENCH_MODULES, JSON.stringify(Object.keys(require.cache)));
});
`,
  );
  for (const example of listExamples()) {
    const source = fs.readFileSync(path.join(example.dir, 'main.ts'), 'utf8');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const js = ts.transpileModule(source, { compilerOptions }).outputText;
    write(path.join(WORK, 'examples', example.cloud, example.name, 'main.js'), js);
  }
  // Scaling: N client blocks, none adjacent (no aggregation), quota raised where AWS needs it.
  const blocks = 'Array.from({ length: n }, (_, i) => ({ ports: [443], cidr: \'10.\' + (i >> 7) + \'.\' + ((i & 127) * 2) + \'.0/24\' }))';
  write(
    path.join(WORK, 'scale-aws.js'),
    `const { App } = require('aws-cdk-lib');
const { aws } = require('coiled-byoc');
const n = Number(process.argv[2]);
const app = new App();
new aws.CoiledWorkspaceStack(app, 'Scale', { workspaceName: 'scale', externalId: 'b5e1c9d27a4f8063', ingress: ${blocks}, securityGroupRuleQuota: 1000 });
app.synth();
`,
  );
  write(
    path.join(WORK, 'scale-gcp.js'),
    `const { App } = require('cdktf');
const { gcp } = require('coiled-byoc');
const n = Number(process.argv[2]);
const app = new App();
new gcp.CoiledGcpStack(app, 'scale', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'scale', ingress: ${blocks} });
app.synth();
`,
  );
}

/**
 * The modules of the cloud libraries (not ours, not the example's) that running `args` loads, in
 * load order: what "imports the same libraries" means for the floor.
 */
function libraryModules(args: string[], env: Record<string, string>, libraries: RegExp): string[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-probe-'));
  const modules = path.join(out, 'modules.json');
  const run = spawnSync(process.execPath, ['-r', path.join(WORK, 'hook.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, CDK_OUTDIR: out, CDKTF_OUTDIR: out, BENCH_RESULT: path.join(out, 'rss'), BENCH_MODULES: modules },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  const loaded = (JSON.parse(fs.readFileSync(modules, 'utf8')) as string[]).filter((m) => libraries.test(m));
  fs.rmSync(out, { recursive: true, force: true });
  return loaded;
}

/** Writes a floor: load the given library modules, then synthesize one (almost) empty stack. */
function writeFloor(cloud: 'aws' | 'gcp', name: string, modules: string[]): string {
  const load = `for (const m of ${JSON.stringify(modules)}) require(m);\n`;
  return write(
    path.join(WORK, 'floors', cloud, `${name}.js`),
    cloud === 'aws'
      ? `// The floor: the same aws-cdk-lib modules the examples load, one stack. CloudFormation rejects a
// template without resources, so it holds a single no-op WaitConditionHandle.
${load}const cdk = require('aws-cdk-lib');
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Empty');
new cdk.CfnWaitConditionHandle(stack, 'Placeholder');
app.synth();
`
      : `// The floor: the same cdktf and provider modules (deep imports) the examples load, one empty stack.
${load}const { App, TerraformStack } = require('cdktf');
const app = new App();
new TerraformStack(app, 'empty');
app.synth();
`,
  );
}

function measure(args: string[], env: Record<string, string>): Sample[] {
  const samples: Sample[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const result = path.join(out, 'rss');
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['-r', path.join(WORK, 'hook.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, CDK_OUTDIR: out, CDKTF_OUTDIR: out, BENCH_RESULT: result },
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
    const rssMb = Number(fs.readFileSync(result, 'utf8')) / 1024;
    fs.rmSync(out, { recursive: true, force: true });
    if (i > 0) samples.push({ ms, rssMb }); // the first run warms the file-system cache
  }
  return samples;
}

function main(): void {
  ensureCompiled();
  prepare();
  const rows: Row[] = [];
  const add = (group: string, what: string, args: string[], env: Record<string, string>, baseline?: string) => {
    process.stdout.write(`${group}: ${what} ... `);
    const samples = measure(args, env);
    rows.push({ group, what, samples, baseline });
    console.log(`${median(samples.map((s) => s.ms)).toFixed(0)} ms`);
  };

  // One floor per example: the same library modules that example loads, one empty stack.
  const AWS_LIBRARIES = /node_modules\/(aws-cdk-lib|constructs|@aws-cdk)\//;
  const GCP_LIBRARIES = /node_modules\/(cdktf|constructs|@cdktf\/provider-google)\//;
  for (const validation of ['false', 'true']) {
    const group = `AWS synth, CloudFormation validation ${validation === 'true' ? 'on' : 'off'}`;
    for (const example of listExamples('aws')) {
      const env = { CDK_VALIDATION: validation, CDK_CONTEXT_JSON: JSON.stringify(exampleContext(example)) };
      const app = path.join(WORK, 'examples', 'aws', example.name, 'main.js');
      const floor = writeFloor('aws', example.name, libraryModules([app], env, AWS_LIBRARIES));
      add(group, `floor for aws/${example.name}`, [floor], env);
      add(group, `aws/${example.name}`, [app], env, `floor for aws/${example.name}`);
    }
  }
  const gcpGroup = 'GCP synth';
  for (const example of listExamples('gcp')) {
    const app = path.join(WORK, 'examples', 'gcp', example.name, 'main.js');
    const floor = writeFloor('gcp', example.name, libraryModules([app], {}, GCP_LIBRARIES));
    add(gcpGroup, `floor for gcp/${example.name}`, [floor], {});
    add(gcpGroup, `gcp/${example.name}`, [app], {}, `floor for gcp/${example.name}`);
  }

  for (const cloud of ['aws', 'gcp']) {
    const group = `${cloud.toUpperCase()} scaling with ingress size${cloud === 'aws' ? ' (validation off)' : ''}`;
    for (const n of [1, 10, 100, 1000]) add(group, `${n} CIDR${n > 1 ? 's' : ''}`, [path.join(WORK, `scale-${cloud}.js`), String(n)], { CDK_VALIDATION: 'false' }, n === 1 ? undefined : '1 CIDR');
  }

  // Huge inputs (100,000 CIDRs, 5,000 port sets, a 50 MB outputs file): a separate section.
  const huge = hugeInputRows({ work: path.join(WORK, 'huge'), lib: LIB, runs: QUICK ? 1 : 3, log: (t) => process.stdout.write(t) });

  if (!QUICK) {
    process.stdout.write('npm test ... ');
    const start = process.hrtime.bigint();
    const run = spawnSync('npm', ['test'], { cwd: REPO_ROOT, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error('npm test failed');
    rows.push({ group: 'Test suite', what: 'npm test (type check, jest, eslint)', samples: [{ ms, rssMb: NaN }] });
    console.log(`${(ms / 1000).toFixed(1)} s`);
  }

  const report = `${render(rows)}\n${renderHugeRows(huge, QUICK ? 1 : 3)}`;
  write(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), report);
  console.log(`\n${report}\nwrote docs/benchmarks.md`);
}

function render(rows: Row[]): string {
  const cores = os.cpus().length;
  const lines = [
    '# Benchmarks',
    '',
    `<!-- Written by \`npm run bench\` from a run on ${new Date().toISOString().slice(0, 10)}: never edit by hand. -->`,
    '',
    `Machine: ${cores} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}. ` +
      `Each figure is the wall time of a separate \`node\` process from spawn to exit, median of ${RUNS} runs after a warm-up; memory is the process's peak RSS. ` +
      'Ratio: to the example\'s floor (a bare app that loads exactly the library modules the example loads and synthesizes one empty stack, same settings) or, for scaling, to the 1-CIDR case.',
    '',
  ];
  for (const group of [...new Set(rows.map((r) => r.group))]) {
    lines.push(`## ${group}`, '', '| What | Median (ms) | Min (ms) | Max (ms) | Ratio | Peak memory (MB) | Cores |', '|---|---|---|---|---|---|---|');
    const inGroup = rows.filter((r) => r.group === group);
    for (const row of inGroup) {
      const ms = row.samples.map((s) => s.ms);
      const base = row.baseline ? inGroup.find((r) => r.what === row.baseline) : undefined;
      const ratio = base ? (median(ms) / median(base.samples.map((s) => s.ms))).toFixed(2) : '1.00';
      const rss = median(row.samples.map((s) => s.rssMb));
      lines.push(`| ${row.what} | ${median(ms).toFixed(0)} | ${Math.min(...ms).toFixed(0)} | ${Math.max(...ms).toFixed(0)} | ${ratio} | ${Number.isNaN(rss) ? '—' : rss.toFixed(0)} | ${cores} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

main();
