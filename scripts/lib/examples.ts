/**
 * One place that knows the example apps: where they are, how to build each one in-process with
 * the same context its cdk.json gives the CDK CLI, and what the synthesized output looks like.
 * Used by `npm run synth`, the docs generators, the benchmark and the tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

export type Cloud = 'aws' | 'gcp';

export interface Example {
  readonly cloud: Cloud;
  readonly name: string;
  readonly dir: string;
}

export function listExamples(cloud?: Cloud): Example[] {
  const clouds: Cloud[] = cloud ? [cloud] : ['aws', 'gcp'];
  return clouds.flatMap((c) =>
    fs
      .readdirSync(path.join(EXAMPLES_DIR, c), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, c, d.name, 'main.ts')))
      .map((d) => ({ cloud: c, name: d.name, dir: path.join(EXAMPLES_DIR, c, d.name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
}

/** The context an example's cdk.json gives the CDK CLI. */
export function exampleContext(example: Example): Record<string, unknown> {
  const file = path.join(example.dir, example.cloud === 'aws' ? 'cdk.json' : 'cdktf.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')).context as Record<string, unknown>) ?? {};
}

export function loadBuild<T>(example: Example): (app: any) => T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(example.dir, 'main.ts')).build;
}

export interface AwsSynthOptions {
  /** Extra context (e.g. validation settings). */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /** Run aws-cdk-lib's built-in CloudFormation validation. */
  readonly validate?: boolean;
  /** Called with the app before synthesis (to add validation plugins). */
  readonly beforeSynth?: (app: any, stack: any) => void;
}

export interface AwsSynthResult {
  readonly app: any;
  readonly stack: any;
  readonly template: any;
  readonly assemblyDir: string;
}

/**
 * The external ID examples are synthesized with here. Examples carry none of their own (a user
 * gives theirs with `-c coiledExternalId=...`); this one is only for synthesizing them in tests and
 * scripts, and is deliberately not a value anyone would deploy with.
 */
export const EXAMPLE_EXTERNAL_ID = 'synth-only-0f1e2d3c4b5a6978';

export function synthAwsExample(example: Example, options: AwsSynthOptions = {}): AwsSynthResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdk = require('aws-cdk-lib');
  const outdir = options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), `cdk-${example.name}-`));
  const app = new cdk.App({
    outdir,
    context: { coiledExternalId: EXAMPLE_EXTERNAL_ID, ...exampleContext(example), ...options.context },
    builtinCloudFormationValidation: options.validate ?? false,
  });
  const stack: any = loadBuild(example)(app);
  options.beforeSynth?.(app, stack);
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template;
  return { app, stack, template, assemblyDir: assembly.directory };
}

export interface GcpSynthResult {
  readonly app: any;
  readonly stack: any;
  /** The Terraform JSON of the stack, as written to disk. */
  readonly json: any;
  readonly stackDir: string;
}

export function synthGcpExample(example: Example, options: { outdir?: string; beforeSynth?: (stack: any) => void } = {}): GcpSynthResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdktf = require('cdktf');
  const outdir = options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-${example.name}-`));
  const app = new cdktf.App({ outdir, context: exampleContext(example), skipValidation: false });
  const stack: any = loadBuild(example)(app);
  options.beforeSynth?.(stack);
  app.synth();
  const stackDir = path.join(outdir, 'stacks', stack.node.id);
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  return { app, stack, json, stackDir };
}

/** Resource counts by type, for either cloud's output. */
export function resourceCounts(example: Example, output: any): Record<string, number> {
  const counts: Record<string, number> = {};
  if (example.cloud === 'aws') {
    for (const r of Object.values<any>(output.Resources ?? {})) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  } else {
    for (const [type, byName] of Object.entries<any>(output.resource ?? {})) counts[type] = Object.keys(byName).length;
    for (const [type, byName] of Object.entries<any>(output.data ?? {})) counts[`data.${type}`] = Object.keys(byName).length;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
