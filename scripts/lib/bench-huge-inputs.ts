/**
 * Huge inputs (issue #11), for `npm run bench`: 100,000 CIDRs, 5,000 port sets and a 50 MB
 * outputs file, each at three sizes, so that time and memory can be seen to grow linearly.
 *
 * Self-contained: `hugeInputRows()` writes its own scripts and module hook under `work`, runs each
 * in a separate `node` process against the compiled library in `lib`, and returns rows of wall time
 * (spawn to exit) and peak RSS. bench.ts adds them to its report; run alone with
 * `npx ts-node --transpile-only scripts/lib/bench-huge-inputs.ts` after `npx jsii`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface HugeSample {
  readonly ms: number;
  readonly rssMb: number;
}

export interface HugeRow {
  readonly group: string;
  readonly what: string;
  readonly samples: HugeSample[];
  /** The row of the same group this one is compared with. */
  readonly baseline?: string;
  /** Items in the input (CIDRs, port sets, MB), for the per-item figure. */
  readonly size: number;
  /** How the run ended: `synthesized`, `our error`, `printed`. */
  readonly outcome: string;
}

export interface HugeOptions {
  /** Scratch directory (emptied). */
  readonly work: string;
  /** The compiled library (jsii output). */
  readonly lib: string;
  /** Measured runs per figure (after one warm-up). */
  readonly runs: number;
  /** Progress lines. */
  readonly log?: (text: string) => void;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Scripts: each builds one huge input of size argv[2] and reports how it ended on stdout. */
function prepare(work: string, lib: string): Record<string, string> {
  fs.rmSync(work, { recursive: true, force: true });
  const hook = write(
    path.join(work, 'hook.js'),
    `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'coiled-byoc') return resolve.call(this, ${JSON.stringify(path.join(lib, 'index.js'))}, ...rest);
  if (request.startsWith('coiled-byoc/lib/')) return resolve.call(this, ${JSON.stringify(lib)} + '/' + request.slice('coiled-byoc/lib/'.length), ...rest);
  return resolve.call(this, request, ...rest);
};
process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RESULT, String(process.resourceUsage().maxRSS)));
`,
  );
  const outcome = `
function outcome(fn) {
  try { fn(); console.log('synthesized'); }
  catch (e) { if (!/^\\[coiled-byoc /.test(e.message)) throw e; console.log('our error'); }
}`;
  // Client /32s in consecutive order: every block is adjacent to the next, so aggregation fits the
  // quota and the whole pipeline (normalise, aggregate, judge, render, synthesize) runs.
  const cidrs = "Array.from({ length: n }, (_, i) => ({ ports: [443], cidr: '100.' + (64 + (i >> 16)) + '.' + ((i >> 8) & 255) + '.' + (i & 255) + '/32' }))";
  const portSets = "Array.from({ length: n }, (_, i) => ({ ports: [1024 + i], cidr: '10.' + (i >> 8) + '.' + (i & 255) + '.0/24' }))";
  const aws = (ingress: string, extra = '') => `const { App } = require('aws-cdk-lib');
const { aws } = require('coiled-byoc');
const n = Number(process.argv[2]);${outcome}
outcome(() => {
  const app = new App();
  new aws.CoiledWorkspaceStack(app, 'Huge', { workspaceName: 'huge', externalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248', ingress: ${ingress}${extra} });
  app.synth();
});
`;
  const gcp = (ingress: string, extra = '') => `const { App } = require('cdktf');
const { gcp } = require('coiled-byoc');
const n = Number(process.argv[2]);${outcome}
outcome(() => {
  const app = new App();
  new gcp.CoiledGcpStack(app, 'huge', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'huge', ingress: ${ingress}${extra} });
  app.synth();
});
`;
  // An outputs file of the given size (MB): one Coiled workspace among many other stacks' outputs.
  const outputs = `const fs = require('fs');
const { run } = require(${JSON.stringify(path.join(lib, 'cli', 'main.js'))});
const file = process.argv[3];
const io = { out: () => undefined, err: (t) => process.stderr.write(t + '\\n'), readFile: () => '', readBytes: require(${JSON.stringify(path.join(lib, 'cli', 'io.js'))}).readRegularFile };
const code = run(['handoff', file], io);
console.log(code === 0 ? 'printed' : 'refused');
`;
  return {
    'aws-cidrs': write(path.join(work, 'aws-cidrs.js'), aws(cidrs)),
    'gcp-cidrs': write(path.join(work, 'gcp-cidrs.js'), gcp(cidrs)),
    'aws-ports': write(path.join(work, 'aws-ports.js'), aws(portSets)),
    'gcp-ports': write(path.join(work, 'gcp-ports.js'), gcp(portSets, ', firewallRuleQuota: 10000')),
    'handoff': write(path.join(work, 'handoff.js'), outputs),
    hook,
  };
}

/** A cdk outputs file of about `mb` megabytes holding one Coiled workspace. */
function outputsFile(work: string, mb: number): string {
  const file = path.join(work, `outputs-${mb}mb.json`);
  const coiled = {
    CoiledCloud: 'aws',
    CoiledWorkspaceName: 'huge',
    CoiledRegion: 'us-east-1',
    CoiledControlPlaneRoleArn: 'arn:aws:iam::123456789012:role/coiled-huge-control-plane',
    CoiledExternalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
    CoiledInstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/coiled-huge',
    CoiledInstanceProfileName: 'coiled-huge',
    CoiledVpcId: 'vpc-0123456789abcdef0',
    CoiledSubnetIds: 'subnet-0123456789abcdef0,subnet-0fedcba9876543210',
    CoiledSchedulerSecurityGroupId: 'sg-0123456789abcdef0',
    CoiledClusterSecurityGroupId: 'sg-0fedcba9876543210',
    CoiledLogGroupName: 'huge',
    CoiledIngress: JSON.stringify([{ ports: [443], cidr: '10.0.0.0/8' }]),
  };
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `{"CoiledHuge": ${JSON.stringify(coiled)}`);
  const filler = JSON.stringify(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`Output${i}`, 'x'.repeat(90)])));
  let written = 0;
  for (let i = 0; written < mb * 1024 * 1024; i++) written += fs.writeSync(fd, `, "Other${i}": ${filler}`);
  fs.writeSync(fd, '}');
  fs.closeSync(fd);
  return file;
}

function measure(script: string, hook: string, args: string[], runs: number): { samples: HugeSample[]; outcome: string } {
  const samples: HugeSample[] = [];
  let outcome = '';
  for (let i = 0; i <= runs; i++) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-huge-'));
    const result = path.join(out, 'rss');
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--max-old-space-size=8192', '-r', hook, script, ...args], {
      env: { ...process.env, CDK_OUTDIR: out, CDKTF_OUTDIR: out, CDK_VALIDATION: 'false', BENCH_RESULT: result },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${run.stderr}`);
    outcome = run.stdout.trim().split('\n').pop() ?? '';
    const rssMb = Number(fs.readFileSync(result, 'utf8')) / 1024;
    fs.rmSync(out, { recursive: true, force: true });
    if (i > 0) samples.push({ ms, rssMb });
  }
  return { samples, outcome };
}

/** The rows of the huge-input section. */
export function hugeInputRows(options: HugeOptions): HugeRow[] {
  const log = options.log ?? (() => undefined);
  const scripts = prepare(options.work, options.lib);
  const rows: HugeRow[] = [];
  const series = (group: string, script: string, sizes: number[], label: (n: number) => string, args: (n: number) => string[]) => {
    for (const size of sizes) {
      log(`${group}: ${label(size)} ... `);
      const { samples, outcome } = measure(scripts[script], scripts.hook, args(size), options.runs);
      rows.push({ group, what: label(size), samples, size, outcome, baseline: size === sizes[0] ? undefined : label(sizes[0]) });
      log(`${median(samples.map((s) => s.ms)).toFixed(0)} ms, ${median(samples.map((s) => s.rssMb)).toFixed(0)} MB (${outcome})\n`);
    }
  };
  const count = (what: string) => (n: number) => `${n.toLocaleString('en-US')} ${what}`;
  series('Huge input: AWS, adjacent client CIDRs (aggregated to fit the quota)', 'aws-cidrs', [10_000, 50_000, 100_000], count('CIDRs'), (n) => [String(n)]);
  series('Huge input: GCP, adjacent client CIDRs (aggregated to fit 5,000 per rule)', 'gcp-cidrs', [10_000, 50_000, 100_000], count('CIDRs'), (n) => [String(n)]);
  series('Huge input: AWS, distinct port sets (from 100, over the security-group rule quota: our error)', 'aws-ports', [1, 10, 100, 1_000, 5_000], count('port sets'), (n) => [String(n)]);
  series('Huge input: GCP, distinct port sets (one firewall rule each, firewallRuleQuota 10,000)', 'gcp-ports', [1, 10, 100, 1_000, 5_000], count('port sets'), (n) => [String(n)]);
  const files = new Map([5, 25, 50].map((mb) => [mb, outputsFile(options.work, mb)]));
  series('Huge input: coiled-byoc handoff on an outputs file', 'handoff', [5, 25, 50], (mb) => `${mb} MB outputs file`, (mb) => ['0', files.get(mb)!]);
  return rows;
}

/** The section as Markdown: median time, peak memory, and time per item against the smallest size. */
export function renderHugeRows(rows: readonly HugeRow[], runs: number): string {
  const lines = [
    '## Huge inputs',
    '',
    `Each figure: a separate \`node\` process (compiled library, CloudFormation validation off), median of ${runs} runs after a warm-up; memory is the process's peak RSS. ` +
      '"Per item" divides the time by the input size; equal per-item figures across sizes mean linear growth (process start and library load, ~1 s, weigh on the small sizes).',
    '',
  ];
  for (const group of [...new Set(rows.map((r) => r.group))]) {
    lines.push(`### ${group}`, '', '| Input | Outcome | Median (ms) | Peak memory (MB) | ms per 1,000 items | Time ratio | Size ratio |', '|---|---|---|---|---|---|---|');
    const inGroup = rows.filter((r) => r.group === group);
    const first = inGroup[0];
    for (const row of inGroup) {
      const ms = median(row.samples.map((s) => s.ms));
      const firstMs = median(first.samples.map((s) => s.ms));
      lines.push(
        `| ${row.what} | ${row.outcome} | ${ms.toFixed(0)} | ${median(row.samples.map((s) => s.rssMb)).toFixed(0)} | ${((ms / row.size) * 1000).toFixed(1)} | ${(ms / firstMs).toFixed(2)} | ${(row.size / first.size).toFixed(1)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (require.main === module) {
  const root = path.join(__dirname, '..', '..');
  const runs = process.argv.includes('--quick') ? 1 : 3;
  const rows = hugeInputRows({ work: path.join(root, '.bench', 'huge'), lib: path.join(root, 'lib'), runs, log: (t) => process.stdout.write(t) });
  console.log(`\n${renderHugeRows(rows, runs)}`);
}
