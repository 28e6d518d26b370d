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
 *   npm run bench -- --analyze only the `coiled-byoc analyze` section, put in place in docs/benchmarks.md
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
  if (process.argv.includes('--analyze')) {
    benchAnalyze(add);
    replaceSection(ANALYZE_GROUP, render(rows));
    return;
  }

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

  benchAnalyze(add);

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

// ---- `coiled-byoc analyze` on 1,000-rule files (a section of its own) -------------------------

const ANALYZE_GROUP = 'coiled-byoc analyze, 1,000-rule files';

/**
 * The whole command as a CI step runs it (node start, loading the CLI, reading and analyzing the
 * file, printing), on a CloudFormation template whose scheduler group has 1,000 ingress rules and
 * on a Terraform stack with 1,000 firewall rules of 1,000 priorities (allows and denies), against
 * a bare `node` start.
 */
function benchAnalyze(add: (group: string, what: string, args: string[], env: Record<string, string>, baseline?: string) => void): void {
  const generator = write(
    path.join(WORK, 'analyze-input.js'),
    `const fs = require('fs');
const { App } = require('aws-cdk-lib');
const cdktf = require('cdktf');
const { ComputeFirewall } = require('@cdktf/provider-google/lib/compute-firewall');
const { aws, gcp } = require('coiled-byoc');
const blocks = Array.from({ length: 1000 }, (_, i) => ({ ports: [443], cidr: '10.' + (i >> 7) + '.' + ((i & 127) * 2) + '.0/24' }));
const app = new App();
const stack = new aws.CoiledWorkspaceStack(app, 'Rules1000', { workspaceName: 'bench', externalId: '0123456789abcdef', ingress: blocks, securityGroupRuleQuota: 1000 });
fs.writeFileSync(process.argv[2], JSON.stringify(app.synth().getStackArtifact(stack.artifactId).template));
const tf = new cdktf.App({ skipValidation: true });
const g = new gcp.CoiledGcpStack(tf, 'rules1000', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'bench', ingress: [{ ports: [443], cidr: '10.0.0.0/8' }] });
for (let i = 0; i < 996; i++) {
  new ComputeFirewall(g, 'User' + i, {
    name: 'user-' + i, network: g.workspace.networkSelfLink, priority: 100 + i, direction: i % 2 ? 'INGRESS' : 'EGRESS',
    ...(i % 2 ? { sourceRanges: [blocks[i].cidr] } : { destinationRanges: ['172.16.' + (i & 255) + '.0/24'] }),
    targetTags: [i % 3 ? g.workspace.schedulerTag : g.workspace.clusterTag],
    ...(i % 5 === 0 ? { deny: [{ protocol: 'tcp', ports: [String(8000 + i)] }] } : { allow: [{ protocol: 'tcp', ports: [String(1000 + i)] }] }),
  });
}
fs.writeFileSync(process.argv[3], JSON.stringify(g.toTerraform()));
`,
  );
  const template = path.join(WORK, 'rules1000.template.json');
  const stack = path.join(WORK, 'rules1000.cdk.tf.json');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-analyze-'));
  const made = spawnSync(process.execPath, ['-r', path.join(WORK, 'hook.js'), generator, template, stack], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDK_VALIDATION: 'false', CDK_OUTDIR: out, CDKTF_OUTDIR: out, BENCH_RESULT: path.join(out, 'rss') },
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`analyze-input.js failed:\n${made.stderr}`);
  const rules = (file: string) => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    return file.endsWith('.template.json')
      ? Object.values<any>(json.Resources).reduce((n, r) => n + (r.Type === 'AWS::EC2::SecurityGroup' ? (r.Properties.SecurityGroupIngress ?? []).length + (r.Properties.SecurityGroupEgress ?? []).length : 0), 0)
      : Object.keys(json.resource.google_compute_firewall).length;
  };
  const cli = path.join(REPO_ROOT, 'bin', 'coiled-byoc');
  add(ANALYZE_GROUP, 'node start (empty script)', ['-e', ''], {});
  add(ANALYZE_GROUP, `analyze: CloudFormation template, ${rules(template)} security-group rules`, [cli, 'analyze', template], {}, 'node start (empty script)');
  add(ANALYZE_GROUP, `analyze: Terraform stack, ${rules(stack)} firewall rules`, [cli, 'analyze', stack], {}, 'node start (empty script)');
}

/** Puts one group's section of a report in place in docs/benchmarks.md (appended when absent). */
function replaceSection(group: string, report: string): void {
  const file = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
  const section = report.slice(report.indexOf(`## ${group}`)).trimEnd();
  const doc = fs.readFileSync(file, 'utf8');
  const start = doc.indexOf(`## ${group}`);
  const end = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
  const updated = start < 0 ? `${doc.trimEnd()}\n\n${section}\n` : `${doc.slice(0, start)}${section}\n${end < 0 ? '' : doc.slice(end)}`;
  fs.writeFileSync(file, updated);
  console.log(`\n${section}\nwrote the section to docs/benchmarks.md`);
}

main();
