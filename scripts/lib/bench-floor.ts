/**
 * The exact-output floor of the benchmark: for one example, an app that re-creates the example's
 * synthesized output with the least framework work, and a check that it really is the same output.
 *
 * AWS: one `CfnResource` / `CfnOutput` per element of the template, at the construct path the
 * example's metadata records for it (plain `Construct`s for the scopes in between, so logical IDs,
 * warnings and acknowledgements land where they did), the same metadata entries (warnings,
 * acknowledged rules) and the same context and validation setting. GCP: cdktf's generic
 * `TerraformProvider` / `TerraformResource` / `TerraformDataSource` / `TerraformOutput` with the
 * rendered attributes, at the recorded paths, the same annotations and the same stderr report.
 *
 * A floor is only a floor if it produces the example's output byte for byte: `compareAws` and
 * `compareGcp` say where it does not, and the benchmark refuses to report a ratio then.
 */
import * as fs from 'fs';
import * as path from 'path';

// ---- AWS ---------------------------------------------------------------------------------------

/** Metadata entries the framework writes by itself (the floor's own creation gives them). */
const AWS_FRAMEWORK_ENTRIES = new Set(['aws:cdk:logicalId', 'aws:cdk:creationStack', 'aws:cdk:templateFile']);
/** Elements of the template the default stack synthesizer adds to every stack. */
const SYNTHESIZER_ELEMENTS = new Set(['BootstrapVersion', 'CheckBootstrapVersion']);

interface AwsArtifact {
  readonly id: string;
  readonly manifest: any;
  readonly template: any;
  readonly metadata: Record<string, Array<{ type: string; data?: unknown; trace?: string[] }>>;
}

function readAwsArtifact(assemblyDir: string): AwsArtifact {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries<any>(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  if (stacks.length !== 1) throw new Error(`${assemblyDir}: the floor handles one stack, found ${stacks.length}`);
  const [id, artifact] = stacks[0];
  const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.properties.templateFile), 'utf8'));
  const metadata = artifact.additionalMetadataFile
    ? JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.additionalMetadataFile), 'utf8'))
    : artifact.metadata ?? {};
  return { id, manifest: artifact, template, metadata };
}

/** The JavaScript of the AWS floor for the assembly an example synthesized into `assemblyDir`. */
export function awsFloorSource(assemblyDir: string): string {
  const { id, manifest, template, metadata } = readAwsArtifact(assemblyDir);
  const stackPrefix = `/${id}`;
  const relative = (p: string) => (p === stackPrefix ? '' : p.slice(stackPrefix.length + 1));
  const pathOf = new Map<string, string>();
  for (const [p, entries] of Object.entries(metadata)) {
    for (const e of entries) if (e.type === 'aws:cdk:logicalId') pathOf.set(String(e.data), relative(p));
  }
  const known = new Set(['Resources', 'Outputs', 'Parameters', 'Rules', 'Description']);
  for (const key of Object.keys(template)) if (!known.has(key)) throw new Error(`${id}: the floor does not re-create template section ${key}`);
  for (const name of Object.keys(template.Rules ?? {})) if (!SYNTHESIZER_ELEMENTS.has(name)) throw new Error(`${id}: the floor does not re-create Rules.${name}`);
  const need = (logicalId: string) => {
    const p = pathOf.get(logicalId);
    if (p === undefined) throw new Error(`${id}: no construct path recorded for ${logicalId}`);
    return p;
  };
  const resources = Object.entries<any>(template.Resources ?? {}).map(([logicalId, r]) => {
    const { Type, Properties, DependsOn, DeletionPolicy, UpdateReplacePolicy, Metadata, ...rest } = r;
    if (Object.keys(rest).length) throw new Error(`${id}: ${logicalId} has ${Object.keys(rest).join(', ')}, which the floor does not re-create`);
    return {
      logicalId,
      path: need(logicalId),
      type: Type,
      properties: Properties,
      dependsOn: DependsOn,
      deletionPolicy: DeletionPolicy,
      updateReplacePolicy: UpdateReplacePolicy,
      metadata: Metadata,
    };
  });
  const outputs = Object.entries<any>(template.Outputs ?? {}).map(([logicalId, o]) => {
    const { Value, Description, Export, ...rest } = o;
    if (Object.keys(rest).length) throw new Error(`${id}: output ${logicalId} has ${Object.keys(rest).join(', ')}`);
    return { logicalId, path: need(logicalId), value: Value, description: Description, exportName: Export?.Name };
  });
  // CfnParameter takes the template's keys with a lower-case initial (Type -> type, NoEcho -> noEcho).
  const parameters = Object.entries<any>(template.Parameters ?? {})
    .filter(([logicalId]) => !SYNTHESIZER_ELEMENTS.has(logicalId))
    .map(([logicalId, p]) => {
      const props = Object.fromEntries(Object.entries(p).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), v]));
      return { logicalId, path: need(logicalId), props };
    });
  const entries = Object.entries(metadata)
    .map(([p, list]) => [relative(p), list.filter((e) => !AWS_FRAMEWORK_ENTRIES.has(e.type)).map((e) => [e.type, e.data])] as const)
    .filter(([, list]) => list.length > 0);
  const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(manifest.environment) ?? [];
  const stackProps: Record<string, unknown> = {};
  if (account && account !== 'unknown-account') stackProps.env = { account, ...(region !== 'unknown-region' ? { region } : {}) };
  else if (region && region !== 'unknown-region') stackProps.env = { region };
  if (template.Description !== undefined) stackProps.description = template.Description;
  if (manifest.properties.stackName && manifest.properties.stackName !== id) stackProps.stackName = manifest.properties.stackName;
  if (manifest.properties.tags) stackProps.tags = manifest.properties.tags;
  if (manifest.properties.terminationProtection) stackProps.terminationProtection = true;
  // A section comes first in the template when its first element was created first (aws-ec2 creates
  // the AMI's SSM parameter only when the launch resolves it, after the resources).
  const keys = Object.keys(template);
  const parametersLast = keys.indexOf('Parameters') > keys.indexOf('Resources');
  const data = { id, stackProps, parameters, parametersLast, resources, outputs, entries };
  return `// The exact-output floor (generated by npm run bench): the example's template, one CfnResource per resource.
const cdk = require('aws-cdk-lib');
const { Construct } = require('constructs');
const D = JSON.parse(${JSON.stringify(JSON.stringify(data))});
const app = new cdk.App();
const stack = new cdk.Stack(app, D.id, D.stackProps);
const scopes = new Map([['', stack]]);
const scopeOf = (p) => {
  let s = scopes.get(p);
  if (s) return s;
  const i = p.lastIndexOf('/');
  s = new Construct(scopeOf(i < 0 ? '' : p.slice(0, i)), p.slice(i + 1));
  scopes.set(p, s);
  return s;
};
const place = (p) => { const i = p.lastIndexOf('/'); return [scopeOf(i < 0 ? '' : p.slice(0, i)), p.slice(i + 1)]; };
// The template lists elements in construct-tree order, parents first: creating them in that order
// rebuilds the same tree order, so the floor's template lists them the same way.
const parameters = () => D.parameters.forEach((p) => {
  const [scope, id] = place(p.path);
  new cdk.CfnParameter(scope, id, p.props).overrideLogicalId(p.logicalId);
});
if (!D.parametersLast) parameters();
const byId = new Map();
for (const r of D.resources) {
  const [scope, id] = place(r.path);
  const res = new cdk.CfnResource(scope, id, { type: r.type, properties: r.properties });
  res.overrideLogicalId(r.logicalId);
  if (r.deletionPolicy) res.cfnOptions.deletionPolicy = r.deletionPolicy;
  if (r.updateReplacePolicy) res.cfnOptions.updateReplacePolicy = r.updateReplacePolicy;
  if (r.metadata) res.cfnOptions.metadata = r.metadata;
  scopes.set(r.path, res);
  byId.set(r.logicalId, res);
}
if (D.parametersLast) parameters();
for (const r of D.resources) for (const d of r.dependsOn || []) byId.get(r.logicalId).addResourceDependency(byId.get(d));
for (const o of D.outputs) {
  const [scope, id] = place(o.path);
  new cdk.CfnOutput(scope, id, { value: o.value, description: o.description, exportName: o.exportName }).overrideLogicalId(o.logicalId);
}
for (const [p, list] of D.entries) { const node = scopeOf(p).node; for (const [type, data] of list) node.addMetadata(type, data); }
app.synth();
`;
}

/** Where two AWS assemblies differ in what a user gets: template, validation report, warnings and acknowledgements. */
export function compareAws(exampleDir: string, floorDir: string): string[] {
  const a = readAwsArtifact(exampleDir);
  const b = readAwsArtifact(floorDir);
  const diffs: string[] = [];
  const file = (dir: string, name: string) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : '<absent>');
  if (file(exampleDir, a.manifest.properties.templateFile) !== file(floorDir, b.manifest.properties.templateFile)) diffs.push('template differs');
  if (file(exampleDir, 'validation-report.json') !== file(floorDir, 'validation-report.json')) diffs.push('validation report differs');
  const userEntries = (m: AwsArtifact['metadata']) =>
    JSON.stringify(
      Object.entries(m)
        .map(([p, list]) => [p, list.filter((e) => !AWS_FRAMEWORK_ENTRIES.has(e.type)).map((e) => [e.type, e.data])])
        .filter(([, list]) => list.length > 0),
    );
  if (userEntries(a.metadata) !== userEntries(b.metadata)) diffs.push('warnings or acknowledgements differ');
  if (JSON.stringify(a.manifest.properties) !== JSON.stringify(b.manifest.properties) || a.manifest.environment !== b.manifest.environment) diffs.push('stack properties differ');
  return diffs;
}

// ---- GCP ---------------------------------------------------------------------------------------

interface GcpStackOutput {
  readonly name: string;
  readonly json: any;
  readonly text: string;
  readonly annotations: Array<{ constructPath: string; level: string; message: string }>;
}

function readGcpStack(outDir: string): GcpStackOutput {
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  const names = Object.keys(manifest.stacks);
  if (names.length !== 1) throw new Error(`${outDir}: the floor handles one stack, found ${names.length}`);
  const stack = manifest.stacks[names[0]];
  const text = fs.readFileSync(path.join(outDir, stack.synthesizedStackPath), 'utf8');
  const annotations = (stack.annotations ?? []).map((a: any) => ({ constructPath: a.constructPath, level: a.level, message: a.message }));
  return { name: names[0], json: JSON.parse(text), text, annotations };
}

/** The JavaScript of the GCP floor for the stack an example synthesized into `outDir`; `stderr` is what the example printed. */
export function gcpFloorSource(outDir: string, stderr: string): string {
  const { name, json, annotations } = readGcpStack(outDir);
  const known = new Set(['//', 'terraform', 'provider', 'resource', 'data', 'output']);
  for (const key of Object.keys(json)) if (!known.has(key)) throw new Error(`${name}: the floor does not re-create top-level ${key}`);
  const { required_providers: requiredProviders, backend, ...terraformRest } = json.terraform ?? {};
  if (Object.keys(terraformRest).length) throw new Error(`${name}: the floor does not re-create terraform.${Object.keys(terraformRest).join(', ')}`);
  if (backend && Object.keys(backend).some((k) => k !== 'local')) throw new Error(`${name}: the floor re-creates the default local backend only`);
  const providers = Object.entries<any[]>(json.provider ?? {}).flatMap(([type, configs]) =>
    configs.map((config) => ({ type, config, source: requiredProviders[type].source, version: requiredProviders[type].version })),
  );
  const elements = (section: 'resource' | 'data') =>
    Object.entries<Record<string, any>>(json[section] ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([key, body]) => {
        const { '//': meta, ...attributes } = body;
        const { metadata, ...overrides } = meta ?? {};
        const unsupported = ['count', 'for_each', 'connection', 'provisioner', 'provider'].filter((k) => k in attributes);
        if (unsupported.length) throw new Error(`${name}: ${type}.${key} has ${unsupported.join(', ')}, which the floor does not re-create`);
        if (!metadata?.path) throw new Error(`${name}: ${section} ${type}.${key} has no recorded path`);
        return { type, key, path: String(metadata.path).slice(name.length + 1), attributes, overrides };
      }),
    );
  const outputs = Object.entries<any>(json.output ?? {}).map(([key, o]) => ({ key, ...o }));
  const outputPath = (key: string): string => {
    const find = (tree: any, trail: string[]): string[] | undefined => {
      for (const [k, v] of Object.entries<any>(tree)) {
        if (v === key) return [...trail, k];
        if (typeof v === 'object') {
          const hit = find(v, [...trail, k]);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    const hit = find(json['//']?.outputs?.[name] ?? {}, []);
    if (!hit) throw new Error(`${name}: no construct path recorded for output ${key}`);
    return hit.join('/');
  };
  const data = {
    name,
    providers,
    resources: elements('resource'),
    data: elements('data'),
    outputs: outputs.map((o) => ({ ...o, path: outputPath(o.key) })),
    annotations: annotations.map((a) => ({ ...a, constructPath: a.constructPath === name ? '' : a.constructPath.slice(name.length + 1) })),
    stderr,
  };
  return `// The exact-output floor (generated by npm run bench): the example's cdk.tf.json with cdktf's generic classes.
const cdktf = require('cdktf');
const { Construct } = require('constructs');
const D = JSON.parse(${JSON.stringify(JSON.stringify(data))});
class Provider extends cdktf.TerraformProvider {
  constructor(scope, id, p) {
    super(scope, id, { terraformResourceType: p.type, terraformProviderSource: p.source, terraformGeneratorMetadata: { providerName: p.type, providerVersion: p.version } });
    this.config = p.config;
  }
  synthesizeAttributes() { return this.config; }
}
class Resource extends cdktf.TerraformResource {
  constructor(scope, id, type, attributes) { super(scope, id, { terraformResourceType: type }); this.attributes = attributes; }
  synthesizeAttributes() { return this.attributes; }
}
class DataSource extends cdktf.TerraformDataSource {
  constructor(scope, id, type, attributes) { super(scope, id, { terraformResourceType: type }); this.attributes = attributes; }
  synthesizeAttributes() { return this.attributes; }
}
const app = new cdktf.App();
const stack = new cdktf.TerraformStack(app, D.name);
const scopes = new Map([['', stack]]);
const scopeOf = (p) => {
  let s = scopes.get(p);
  if (s) return s;
  const i = p.lastIndexOf('/');
  s = new Construct(scopeOf(i < 0 ? '' : p.slice(0, i)), p.slice(i + 1));
  scopes.set(p, s);
  return s;
};
const place = (p) => { const i = p.lastIndexOf('/'); return [scopeOf(i < 0 ? '' : p.slice(0, i)), p.slice(i + 1)]; };
D.providers.forEach((p, i) => new Provider(stack, 'floor-provider-' + i, p));
for (const [Kind, list] of [[Resource, D.resources], [DataSource, D.data]]) {
  for (const r of list) {
    const [scope, id] = place(r.path);
    // Meta-arguments are merged over the attributes by cdktf (unset ones as undefined), so they go on the element.
    const { depends_on: dependsOn, lifecycle, ...attributes } = r.attributes;
    const element = new Kind(scope, id, r.type, attributes);
    if (dependsOn) element.dependsOn = dependsOn;
    if (lifecycle) element.lifecycle = Object.fromEntries(Object.entries(lifecycle).map(([k, v]) => [k.replace(/_(.)/g, (_, c) => c.toUpperCase()), v]));
    element.overrideLogicalId(r.key);
    for (const [k, v] of Object.entries(r.overrides)) element.addOverride('//.' + k, v);
    scopes.set(r.path, element);
  }
}
for (const o of D.outputs) {
  const [scope, id] = place(o.path);
  new cdktf.TerraformOutput(scope, id, { value: o.value, description: o.description, sensitive: o.sensitive }).overrideLogicalId(o.key);
}
for (const a of D.annotations) {
  const at = cdktf.Annotations.of(scopeOf(a.constructPath));
  if (a.level === '@cdktf/warn') at.addWarning(a.message); else if (a.level === '@cdktf/info') at.addInfo(a.message); else at.addError(a.message);
}
app.synth();
if (D.stderr) process.stderr.write(D.stderr);
`;
}

/** Where two cdktf outputs differ in what a user gets: cdk.tf.json, annotations, the terminal report. */
export function compareGcp(exampleDir: string, exampleStderr: string, floorDir: string, floorStderr: string): string[] {
  const a = readGcpStack(exampleDir);
  const b = readGcpStack(floorDir);
  const diffs: string[] = [];
  if (a.text !== b.text) diffs.push('cdk.tf.json differs');
  if (JSON.stringify(a.annotations) !== JSON.stringify(b.annotations)) diffs.push('annotations differ');
  if (exampleStderr !== floorStderr) diffs.push('stderr differs');
  return diffs;
}
