/**
 * `npm run bench`: synth cost of each example against the floor, scaling with ingress size, and the
 * wall time of `npm test`. Writes docs/benchmarks.md from the run.
 *
 * Every measurement is a separate `node` process running compiled JavaScript (lib/ and the
 * examples transpiled), timed from spawn to exit. Each example is compared with its exact-output
 * floor (scripts/lib/bench-floor.ts: the same output re-created with the least framework work,
 * verified byte-identical) in PAIRS alternating runs; the old empty-stack floor is kept for
 * continuity. The init apps are timed end to end through the commands their README gives. Peak
 * memory is the child's own maxRSS.
 *
 *   npm run bench              everything (about 25 minutes on 2 cores: validation-on synths take seconds each)
 *   npm run bench -- --quick   3 runs, no npm test timing
 *   npm run bench -- --analyze only the `coiled-byoc analyze` section, put in place in docs/benchmarks.md
 *   npm run bench -- --port-sets only the GCP port sets against their exact-output floor, likewise
 *   npm run bench -- --e2e     only the init apps end to end, likewise
 *   npm run bench -- --gcp     only the GCP examples against their exact-output floors, likewise
 *   npm run bench -- --npm-test only the npm test timing, likewise
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { awsFloorSource, compareAws, compareGcp, gcpFloorSource } from './lib/bench-floor';
import { hugeInputRows, renderHugeRows } from './lib/bench-huge-inputs';
import { REPO_ROOT, exampleContext, listExamples } from './lib/examples';
import { RUN_MAIN } from '../src/cli/scaffold';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 5;
/** Pairs of alternating runs (example, floor) per comparison with an exact-output floor. */
const PAIRS = QUICK ? 3 : 11;
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
  /** Paired runs: this row's time over its baseline's, pair by pair (the ratio shown is their median). */
  readonly pairRatios?: number[];
  /** An old floor: the ratio shown is the named row's median over this one's. */
  readonly ratioOf?: string;
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
  const maps = spawnSync('node', [path.join(REPO_ROOT, 'scripts', 'external-source-maps.js')], { stdio: 'inherit' });
  if (maps.status !== 0) throw new Error('external-source-maps failed');
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
// Over 1,000 distinct blocks AWS's rule quota is exceeded: our error, which is what is timed then.
try {
  new aws.CoiledWorkspaceStack(app, 'Scale', { workspaceName: 'scale', externalId: 'b5e1c9d27a4f8063', ingress: ${blocks}, securityGroupRuleQuota: 1000 });
  app.synth();
} catch (e) {
  if (!/^\\[coiled-byoc /.test(e.message)) throw e;
}
`,
  );
  write(
    path.join(WORK, 'scale-gcp.js'),
    `const { App } = require('cdktf');
const { gcp } = require('coiled-byoc');
const n = Number(process.argv[2]);
const app = new App();
// Over 5,000 distinct blocks GCP's source-ranges-per-rule limit is exceeded: our error, timed then.
try {
  new gcp.CoiledGcpStack(app, 'scale', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'scale', ingress: ${blocks} });
  app.synth();
} catch (e) {
  if (!/^\\[coiled-byoc /.test(e.message)) throw e;
}
`,
  );
  // Distinct port sets at a size fixed in the file (the exact-output floor runs its app without
  // arguments): one firewall rule each on GCP, where the 5,000-set goal is held.
  for (const n of PORT_SET_FLOOR_SIZES) {
    write(
      path.join(WORK, `gcp-port-sets-${n}.js`),
      `const { App } = require('cdktf');
const { gcp } = require('coiled-byoc');
const app = new App();
new gcp.CoiledGcpStack(app, 'ports', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'ports', firewallRuleQuota: 10000,
  ingress: Array.from({ length: ${n} }, (_, i) => ({ ports: [1024 + i], cidr: '10.' + (i >> 8) + '.' + (i & 255) + '.0/24' })) });
app.synth();
`,
    );
  }
}

const PORT_SET_FLOOR_SIZES = [1_000, 5_000];
const PORT_SET_GROUP = 'GCP distinct port sets against the exact-output floor';
const TEST_GROUP = 'Test suite';
const GCP_GROUP = 'GCP synth';
const E2E_GROUP = 'End to end: the init app, command to template on disk';
/** The heading of the huge-input section, which the test suite's row precedes. */
const HUGE_INPUTS_HEADING = '## Huge inputs';

type AddPaired = (group: string, what: string, args: string[], floorWhat: string, floorArgs: string[], env: Record<string, string>) => void;

/**
 * The 5,000-port-set goal against what cdktf itself needs for the same cdk.tf.json: the floor
 * says how much of the time any library emitting these rules as cdktf resources must spend.
 */
function benchPortSets(addPaired: AddPaired): void {
  for (const n of PORT_SET_FLOOR_SIZES) {
    const app = path.join(WORK, `gcp-port-sets-${n}.js`);
    const exact = exactFloor('gcp', `port-sets-${n}`, app, {});
    const size = n.toLocaleString('en-US');
    addPaired(PORT_SET_GROUP, `${size} port sets`, [app], `exact-output floor for ${size} port sets`, [exact], {});
  }
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

/** One timed run of `command` (wall time from spawn to exit); `check` sees its stderr. */
type RunOptions = { cwd: string; env: Record<string, string>; rss?: boolean };

function timedRun(command: string, args: string[], options: RunOptions): Sample & { stderr: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const result = path.join(out, 'rss');
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, CDK_OUTDIR: out, CDKTF_OUTDIR: out, BENCH_RESULT: result, ...options.env },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  const rssMb = fs.existsSync(result) ? Number(fs.readFileSync(result, 'utf8')) / 1024 : NaN;
  fs.rmSync(out, { recursive: true, force: true });
  return { ms, rssMb, stderr: run.stderr };
}

/**
 * Paired, alternating runs of two commands (after one warm-up each), so that drift of the machine
 * (other load, CPU frequency) falls on both alike; returns both sample lists and the pair ratios.
 */
function pairedSamples(a: () => Sample, b: () => Sample): { a: Sample[]; b: Sample[]; ratios: number[] } {
  a();
  b();
  const as: Sample[] = [];
  const bs: Sample[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which one goes first, so neither always runs on a cache the other warmed.
    const [x, y] = i % 2 ? [b(), a()] : [a(), b()];
    if (i % 2) {
      bs.push(x);
      as.push(y);
    } else {
      as.push(x);
      bs.push(y);
    }
  }
  return { a: as, b: bs, ratios: as.map((s, i) => s.ms / bs[i].ms) };
}

/**
 * Synthesizes `app`, writes its exact-output floor and proves it: the floor's output must be
 * byte-identical to the app's (template, validation report, warnings and acknowledgements; or
 * cdk.tf.json, annotations and the terminal report), or the benchmark stops.
 */
function exactFloor(cloud: 'aws' | 'gcp', name: string, app: string, env: Record<string, string>): string {
  const synth = (file: string) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
    const run = spawnSync(process.execPath, ['-r', path.join(WORK, 'hook.js'), file], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, CDK_OUTDIR: out, CDKTF_OUTDIR: out, BENCH_RESULT: path.join(out, 'rss') },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`${file} failed:\n${run.stderr}`);
    return { out, stderr: run.stderr };
  };
  const example = synth(app);
  const floor = write(
    path.join(WORK, 'floors', 'exact', cloud, `${name}.js`),
    cloud === 'aws' ? awsFloorSource(example.out) : gcpFloorSource(example.out, example.stderr),
  );
  const again = synth(floor);
  const diffs = cloud === 'aws' ? compareAws(example.out, again.out) : compareGcp(example.out, example.stderr, again.out, again.stderr);
  for (const dir of [example.out, again.out]) fs.rmSync(dir, { recursive: true, force: true });
  if (diffs.length) throw new Error(`the exact-output floor of ${cloud}/${name} is not exact: ${diffs.join('; ')}`);
  return floor;
}

type AddPairedCommand = (group: string, what: string, run: () => Sample, floorWhat: string, floorRun: () => Sample) => void;

/**
 * The wait a user sees: the `coiled-byoc init` app, synthesized the way its README says
 * (`npx cdk synth`, whose cdk.json runs RUN_MAIN; RUN_MAIN itself for GCP), from command to template on disk,
 * against the same command running the app's exact-output floor as precompiled JavaScript. The
 * apps use this checkout through a node_modules of links, so nothing is installed.
 */
/**
 * The package as the init apps install it: package.json, lib/ and bin/ of this checkout, linked.
 * Not the checkout itself: a link from .bench/ back to the repository root is a cycle, and
 * jsii-docgen globs the whole root for assemblies, following links: round the cycle until out of
 * memory (scripts/api-intro.js now notices when that leaves API.md unwritten).
 */
function packageView(): string {
  const view = path.join(WORK, 'package');
  fs.rmSync(view, { recursive: true, force: true });
  fs.mkdirSync(view, { recursive: true });
  for (const entry of ['package.json', 'lib', 'bin']) fs.symlinkSync(path.join(REPO_ROOT, entry), path.join(view, entry));
  return view;
}

function endToEnd(addPairedCommand: AddPairedCommand): void {
  // RUN_MAIN is `node <flags> main.ts`: the same flags under this process's node.
  const [node, ...mainArgs] = RUN_MAIN.split(' ');
  if (node !== 'node') throw new Error(`RUN_MAIN no longer starts with node: ${RUN_MAIN}`);
  const cli = path.join(REPO_ROOT, 'bin', 'coiled-byoc');
  const offline = { CDK_DISABLE_CLI_TELEMETRY: 'true', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true', GOOGLE_CLOUD_PROJECT: 'my-project-123456', COILED_EXTERNAL_ID: 'b5e1c9d27a4f8063ab' };
  for (const cloud of ['aws', 'gcp'] as const) {
    const dir = path.join(WORK, 'e2e', cloud);
    fs.rmSync(dir, { recursive: true, force: true });
    const init = spawnSync(process.execPath, [cli, 'init', cloud, dir], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`init ${cloud} failed:\n${init.stderr}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const modules = path.join(dir, 'node_modules');
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const target = dep === 'coiled-byoc' ? packageView() : path.join(REPO_ROOT, 'node_modules', dep);
      if (!fs.existsSync(target)) continue; // e.g. @types/node: not needed to synthesize
      fs.mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
      fs.symlinkSync(target, path.join(modules, dep));
    }
    fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
    if (cloud === 'aws') fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), path.join(modules, '.bin', 'cdk'));
    // Version reporting adds a CDKMetadata resource naming the constructs used, which no other app
    // can reproduce: both sides run without it (`--no-version-reporting`), the rest as users run it.
    const cdk = (outdir: string, app?: string) => ['cdk', 'synth', '--no-notices', '--no-version-reporting', '--quiet', '-o', outdir, ...(app ? ['--app', app] : [])];
    const run = (args: string[]) => () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
      const full = args.map((a) => (a === '<out>' ? out : a));
      const s = timedRun(full[0], full.slice(1), { cwd: dir, env: { ...offline, CDK_OUTDIR: out, CDKTF_OUTDIR: out } });
      fs.rmSync(out, { recursive: true, force: true });
      return s;
    };
    const appOut = path.join(dir, 'app.out');
    const floorOut = path.join(dir, 'floor.out');
    const floorFile = path.join(dir, 'floor.js');
    if (cloud === 'aws') {
      const first = spawnSync('npx', cdk(appOut), { cwd: dir, env: { ...process.env, ...offline }, encoding: 'utf8' });
      if (first.status !== 0) throw new Error(`cdk synth of the init app failed:\n${first.stderr}`);
      write(floorFile, awsFloorSource(appOut));
      const again = spawnSync('npx', cdk(floorOut, 'node floor.js'), { cwd: dir, env: { ...process.env, ...offline }, encoding: 'utf8' });
      if (again.status !== 0) throw new Error(`cdk synth of the floor failed:\n${again.stderr}`);
      const diffs = compareAws(appOut, floorOut);
      if (diffs.length) throw new Error(`the exact-output floor of the init aws app is not exact: ${diffs.join('; ')}`);
      addPairedCommand(E2E_GROUP, `init aws: npx cdk synth (${RUN_MAIN})`, run(['npx', ...cdk('<out>')]),
        'init aws: npx cdk synth --app "node floor.js" (precompiled exact-output floor)', run(['npx', ...cdk('<out>', 'node floor.js')]));
    } else {
      const synth = (file: string[], out: string) => spawnSync(process.execPath, file, { cwd: dir, env: { ...process.env, ...offline, CDKTF_OUTDIR: out }, encoding: 'utf8' });
      const first = synth(mainArgs, appOut);
      if (first.status !== 0) throw new Error(`synth of the init gcp app failed:\n${first.stderr}`);
      write(floorFile, gcpFloorSource(appOut, first.stderr));
      const again = synth([floorFile], floorOut);
      if (again.status !== 0) throw new Error(`synth of the gcp floor failed:\n${again.stderr}`);
      const diffs = compareGcp(appOut, first.stderr, floorOut, again.stderr);
      if (diffs.length) throw new Error(`the exact-output floor of the init gcp app is not exact: ${diffs.join('; ')}`);
      addPairedCommand(E2E_GROUP, `init gcp: ${RUN_MAIN}`, run([process.execPath, ...mainArgs]),
        'init gcp: node floor.js (precompiled exact-output floor)', run([process.execPath, 'floor.js']));
    }
  }
}

function main(): void {
  // The AWS examples read the external ID from context or the environment and refuse to build
  // without one (never a default): give every child the same, well-formed one.
  process.env.COILED_EXTERNAL_ID = 'b5e1c9d27a4f8063ab';
  ensureCompiled();
  prepare();
  const rows: Row[] = [];
  const add = (group: string, what: string, args: string[], env: Record<string, string>, baseline?: string) => {
    process.stdout.write(`${group}: ${what} ... `);
    const samples = measure(args, env);
    rows.push({ group, what, samples, baseline });
    console.log(`${median(samples.map((s) => s.ms)).toFixed(0)} ms`);
  };
  const addOld = (group: string, what: string, args: string[], env: Record<string, string>, example: string) => {
    process.stdout.write(`${group}: ${what} ... `);
    const samples = measure(args, env);
    rows.push({ group, what, samples, ratioOf: example });
    console.log(`${median(samples.map((x) => x.ms)).toFixed(0)} ms`);
  };
  const addPairedCommand: AddPairedCommand = (group, what, runApp, floorWhat, runFloor) => {
    process.stdout.write(`${group}: ${what} vs ${floorWhat} ... `);
    const { a, b, ratios } = pairedSamples(runApp, runFloor);
    rows.push({ group, what: floorWhat, samples: b });
    rows.push({ group, what, samples: a, baseline: floorWhat, pairRatios: ratios });
    console.log(`${median(a.map((x) => x.ms)).toFixed(0)} / ${median(b.map((x) => x.ms)).toFixed(0)} ms = ${median(ratios).toFixed(2)}`);
  };
  const addPaired: AddPaired = (group, what, args, floorWhat, floorArgs, env) => {
    const node = (a: string[]) => () => timedRun(process.execPath, ['-r', path.join(WORK, 'hook.js'), ...a], { cwd: REPO_ROOT, env });
    addPairedCommand(group, what, node(args), floorWhat, node(floorArgs));
  };
  if (process.argv.includes('--analyze')) {
    benchAnalyze(add);
    replaceSection(ANALYZE_GROUP, render(rows));
    return;
  }
  if (process.argv.includes('--e2e')) {
    endToEnd(addPairedCommand);
    replaceSection(E2E_GROUP, render(rows));
    return;
  }
  if (process.argv.includes('--npm-test')) {
    // The other figures took most of half an hour: a failed suite can be timed again alone.
    const failure = benchNpmTest(rows);
    if (failure !== undefined) throw new Error(`npm test failed:\n${failure}`);
    replaceSection(TEST_GROUP, render(rows), HUGE_INPUTS_HEADING);
    return;
  }
  if (process.argv.includes('--port-sets')) {
    benchPortSets(addPaired);
    replaceSection(PORT_SET_GROUP, render(rows));
    return;
  }

  // Each example against its exact-output floor (the same output with the least framework work,
  // verified byte for byte) in paired, alternating runs; the old empty-stack floor for continuity.
  const AWS_LIBRARIES = /node_modules\/(aws-cdk-lib|constructs|@aws-cdk)\//;
  const GCP_LIBRARIES = /node_modules\/(cdktf|constructs|@cdktf\/provider-google)\//;
  const gcpSynth = () => {
    for (const example of listExamples('gcp')) {
      const app = path.join(WORK, 'examples', 'gcp', example.name, 'main.js');
      const exact = exactFloor('gcp', example.name, app, {});
      addPaired(GCP_GROUP, `gcp/${example.name}`, [app], `exact-output floor for gcp/${example.name}`, [exact], {});
      const empty = writeFloor('gcp', example.name, libraryModules([app], {}, GCP_LIBRARIES));
      addOld(GCP_GROUP, `empty-stack floor for gcp/${example.name} (old floor)`, [empty], {}, `gcp/${example.name}`);
    }
  };
  if (process.argv.includes('--gcp')) {
    gcpSynth();
    replaceSection(GCP_GROUP, render(rows));
    return;
  }

  for (const validation of ['false', 'true']) {
    const group = `AWS synth, CloudFormation validation ${validation === 'true' ? 'on' : 'off'}`;
    for (const example of listExamples('aws')) {
      const env = { CDK_VALIDATION: validation, CDK_CONTEXT_JSON: JSON.stringify(exampleContext(example)) };
      const app = path.join(WORK, 'examples', 'aws', example.name, 'main.js');
      const exact = exactFloor('aws', `${example.name}-validation-${validation === 'true' ? 'on' : 'off'}`, app, env);
      addPaired(group, `aws/${example.name}`, [app], `exact-output floor for aws/${example.name}`, [exact], env);
      if (validation === 'false') {
        const empty = writeFloor('aws', example.name, libraryModules([app], env, AWS_LIBRARIES));
        addOld(group, `empty-stack floor for aws/${example.name} (old floor)`, [empty], env, `aws/${example.name}`);
      }
    }
  }
  gcpSynth();

  endToEnd(addPairedCommand);
  benchPortSets(addPaired);

  for (const cloud of ['aws', 'gcp']) {
    const group = `${cloud.toUpperCase()} scaling with ingress size${cloud === 'aws' ? ' (validation off)' : ''}`;
    for (const n of [1, 10, 100, 1000, 10000]) add(group, `${n} CIDR${n > 1 ? 's' : ''}${(cloud === 'aws' && n > 1000) || (cloud === 'gcp' && n > 5000) ? ' (over the rule quota: our error)' : ''}`, [path.join(WORK, `scale-${cloud}.js`), String(n)], { CDK_VALIDATION: 'false' }, n === 1 ? undefined : '1 CIDR');
  }

  benchAnalyze(add);

  // Huge inputs (100,000 CIDRs, 5,000 port sets, a 50 MB outputs file): a separate section.
  const huge = hugeInputRows({ work: path.join(WORK, 'huge'), lib: LIB, runs: QUICK ? 1 : 3, log: (t) => process.stdout.write(t) });

  const testFailure = QUICK ? undefined : benchNpmTest(rows);

  const report = `${render(rows)}\n${renderHugeRows(huge, QUICK ? 1 : 3)}`;
  write(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), report);
  if (testFailure !== undefined) throw new Error(`npm test failed (docs/benchmarks.md has every other figure, without its row):\n${testFailure}`);
  console.log(`\n${report}\nwrote docs/benchmarks.md`);
}

/** Times one `npm test` as a developer runs it; returns what failed, if it did. */
function benchNpmTest(rows: Row[]): string | undefined {
  process.stdout.write('npm test ... ');
  // The suite as a developer runs it: without the external ID this process set for the examples.
  const { COILED_EXTERNAL_ID: _forExamples, ...env } = process.env;
  const start = process.hrtime.bigint();
  const run = spawnSync('npm', ['test'], { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status === 0) {
    rows.push({ group: TEST_GROUP, what: 'npm test (type check, jest, eslint)', samples: [{ ms, rssMb: NaN }] });
    console.log(`${(ms / 1000).toFixed(1)} s`);
    return undefined;
  }
  console.log('failed');
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => /✕|●|FAIL|error/.test(l)).slice(0, 40).join('\n');
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
      `Synth comparisons are paired: the example and its exact-output floor run alternately, ${PAIRS} pairs after a warm-up of each; the ratio is the median of the pair ratios (min–max in brackets). ` +
        'The exact-output floor re-creates the example\'s own synthesized output with the least framework work (one `CfnResource`/`CfnOutput` per template element at the recorded construct paths, or cdktf\'s generic `TerraformProvider`/`TerraformResource`/`TerraformDataSource`/`TerraformOutput`), with the same context, validation setting, warnings and acknowledgements; ' +
        'the benchmark refuses to report unless its output is byte-identical to the example\'s (template, validation report, warnings; cdk.tf.json, annotations, terminal report). ' +
        'The old floor (a bare app loading the same library modules and synthesizing one empty stack) is kept for continuity: its ratio is the example over it. Scaling ratios are to the 1-CIDR case.',
    '',
  ];
  for (const group of [...new Set(rows.map((r) => r.group))]) {
    lines.push(`## ${group}`, '', '| What | Median (ms) | Min (ms) | Max (ms) | Ratio | Peak memory (MB) | Cores |', '|---|---|---|---|---|---|---|');
    const inGroup = rows.filter((r) => r.group === group);
    for (const row of inGroup) {
      const ms = row.samples.map((s) => s.ms);
      const base = row.baseline ? inGroup.find((r) => r.what === row.baseline) : undefined;
      const of = row.ratioOf ? inGroup.find((r) => r.what === row.ratioOf) : undefined;
      const ratio = row.pairRatios
        ? `${median(row.pairRatios).toFixed(2)} (${Math.min(...row.pairRatios).toFixed(2)}–${Math.max(...row.pairRatios).toFixed(2)})`
        : of
          ? `${(median(of.samples.map((s) => s.ms)) / median(ms)).toFixed(2)} (${row.ratioOf} over this)`
          : base
            ? (median(ms) / median(base.samples.map((s) => s.ms))).toFixed(2)
            : '1.00';
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
const stack = new aws.CoiledWorkspaceStack(app, 'Rules1000', { workspaceName: 'bench', externalId: 'b5e1c9d27a4f8063', ingress: blocks, securityGroupRuleQuota: 1000 });
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
/** Replaces one section of docs/benchmarks.md; a missing one goes before the `before` heading, or last. */
function replaceSection(group: string, report: string, before?: string): void {
  const file = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
  const section = report.slice(report.indexOf(`## ${group}`)).trimEnd();
  const doc = fs.readFileSync(file, 'utf8');
  const start = doc.indexOf(`## ${group}`);
  const end = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
  const at = before === undefined ? -1 : doc.indexOf(`\n${before}`);
  const updated =
    start >= 0
      ? `${doc.slice(0, start)}${section}\n${end < 0 ? '' : doc.slice(end)}`
      : at >= 0
        ? `${doc.slice(0, at + 1)}${section}\n\n${doc.slice(at + 1)}`
        : `${doc.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, updated);
  console.log(`\n${section}\nwrote the section to docs/benchmarks.md`);
}

main();
