/**
 * `coiled-byoc analyze`: any stack holding a workspace (the stacks' own, or a user's app with the
 * workspace construct and extra rules), one-line errors with exit 1 for files it cannot analyze,
 * exit 2 for usage, exit 3 for `--strict` violations; and it loads neither aws-cdk-lib nor cdktf.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { listExamples, synthAwsExample, synthGcpExample } from '../../scripts/lib/examples';
import { CoiledNetwork, CoiledWorkspace } from '../../src/aws';
import { ANALYZE_EXIT } from '../../src/cli/analyze-command';
import { Io, run } from '../../src/cli/main';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyze-cli-'));

function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

function analyze(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), readFile: (p) => fs.readFileSync(p, 'utf8') };
  return { code: run(['analyze', ...args], io), out, err };
}

const awsSeed = listExamples('aws').find((e) => e.name === 'seed-firewall')!;
const gcpPrivate = listExamples('gcp').find((e) => e.name === 'private-cloud-nat')!;
const awsTemplate = file('aws.template.json', synthAwsExample(awsSeed).template);
const gcpStack = file('cdk.tf.json', synthGcpExample(gcpPrivate).json);

test('prints the roles, the flow table and the check; exit 0', () => {
  const { code, out, err } = analyze(awsTemplate);
  expect([code, err]).toEqual([0, '']);
  expect(out).toContain(`Coiled workspace "my-team-seed" on AWS: network flows of ${awsTemplate} (CloudFormation template); contract recorded on the security groups`);
  expect(out).toMatch(/\| Dask client \(10\.1\.0\.0\/16\) \| Scheduler \| TCP 8786 \|/);
  expect(out).toContain("Check against Coiled's network contract: 0 violation(s), 0 warning(s), 0 note(s)");
  expect(analyze(gcpStack, '--strict').code).toBe(0);
});

test('--json: the same result for scripts', () => {
  const { code, out } = analyze(gcpStack, '--json');
  expect(code).toBe(0);
  const json = JSON.parse(out);
  expect(json).toMatchObject({ workspace: 'my-team-private', cloud: 'gcp', findings: [] });
  expect(json.flows).toContainEqual({ source: 'Worker VMs', destination: 'Cloud Storage (HTTPS)', allowed: 'TCP 443', route: { kind: 'ok', via: 'Private Google Access' }, allowedBy: ['coiled-my-team-private-egress-all'] });
});

test("a user's own stack: the workspace construct found by its record, the user's extra rule flagged, --strict fails", () => {
  const app = new App();
  const stack = new Stack(app, 'Platform');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Apps', subnetType: ec2.SubnetType.PUBLIC }] });
  const ws = new CoiledWorkspace(stack, 'Coiled', {
    workspaceName: 'analytics',
    externalId: '7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
    network: CoiledNetwork.existing({ vpc, workersPublicIp: true }),
    ingress: [{ ports: [443], cidr: '10.20.0.0/16' }],
  });
  const bastion = new ec2.SecurityGroup(stack, 'Bastion', { vpc });
  ws.clusterConnections.allowFrom(bastion, ec2.Port.tcp(22), 'bastion to every cluster VM');
  const target = file('platform.template.json', app.synth().getStackArtifact(stack.artifactId).template);

  const { code, out } = analyze(target, '--strict');
  expect(code).toBe(ANALYZE_EXIT.violations);
  expect(out).toContain('Coiled workspace "analytics" on AWS');
  expect(out).toMatch(/VIOLATION \[beyond-contract\] members of security group Bastion[0-9A-F]+ -> Workers: TCP 22 \(admin port SSH 22\) is beyond analytics's contract/);
  expect(out).toContain('| Dask client (10.20.0.0/16) | Scheduler | TCP 443 |');
  // Without --strict it reports and exits 0, for a first look.
  expect(analyze(target).code).toBe(ANALYZE_EXIT.ok);
});

describe('files it cannot analyze: one line on stderr, exit 1', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['missing', () => path.join(dir, 'nope.json'), /nope\.json: no such file \(synthesize first: cdk synth, or cdktf synth\)$/],
    ['a directory', () => dir, /: it is a directory: give the template file inside it$/],
    ['not JSON', () => file('junk.txt', 'hello'), /junk\.txt: not JSON: give a CloudFormation template \(\.template\.json\) or a Terraform JSON stack \(cdk\.tf\.json\)$/],
    ['a YAML template', () => file('t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'), /this is a YAML template; analyze reads JSON/],
    ['JSON, not a template', () => file('outputs.json', { CoiledDefault: { CoiledCloud: 'aws' } }), /not a CloudFormation template \(no Resources\) or a Terraform JSON stack \(no resource block\)$/],
    ['a template without a workspace', () => file('bucket.json', { Resources: { B: { Type: 'AWS::S3::Bucket' } } }), /no Coiled workspace in this template: it has neither the CoiledSchedulerSecurityGroupId\/CoiledClusterSecurityGroupId outputs/],
    ['a Terraform stack without a workspace', () => file('tf.json', { terraform: {}, resource: { google_storage_bucket: { b: { name: 'x' } } } }), /no Coiled workspace in this stack/],
    [
      'a workspace whose security groups are not in the template',
      () => file('existing-groups.json', { Resources: {}, Outputs: { CoiledWorkspaceName: { Value: 'w' }, CoiledSchedulerSecurityGroupId: { Value: 'sg-0123' }, CoiledClusterSecurityGroupId: { Value: 'sg-0456' } } }),
      /workspace "w" uses security groups that are not in this template \(sg-0123, sg-0456\): their rules are managed elsewhere/,
    ],
  ];
  test.each(cases)('%s', (_, make, message) => {
    const { code, out, err } = analyze(make());
    expect(code).toBe(ANALYZE_EXIT.badInput);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(/^coiled-byoc analyze: /);
    expect(err.trim()).toMatch(message);
  });

  test('--workspace naming another workspace', () => {
    expect(analyze(awsTemplate, '--workspace', 'other').err).toContain('the template holds workspace "my-team-seed", not "other"');
  });
});

test('usage errors: exit 2 with the usage text, which documents the exit codes', () => {
  for (const args of [[], ['a.json', 'b.json'], ['a.json', '--frobnicate'], ['a.json', '--workspace']]) {
    const { code, err } = analyze(...args);
    expect(code).toBe(ANALYZE_EXIT.usage);
    expect(err).toContain('usage: coiled-byoc analyze <file> [--strict] [--json] [--workspace <name>]');
    expect(err).toContain('exit codes: 0 analyzed (without --strict, also with violations), 1 the file cannot be read or holds no workspace,');
  }
  expect(Object.values(ANALYZE_EXIT)).toEqual([0, 1, 2, 3]);
});

test('the command loads neither aws-cdk-lib nor cdktf', () => {
  const script = `require('ts-node').register({ transpileOnly: true });
const { run } = require(${JSON.stringify(path.join(__dirname, '../../src/cli/main.ts'))});
const io = { out: () => {}, err: (t) => console.error(t), readFile: (p) => require('fs').readFileSync(p, 'utf8') };
const codes = [run(['analyze', ${JSON.stringify(awsTemplate)}], io), run(['analyze', ${JSON.stringify(gcpStack)}], io)];
const loaded = Object.keys(require.cache).filter((m) => /node_modules\\/(aws-cdk-lib|cdktf|@cdktf|constructs)\\//.test(m));
console.log(JSON.stringify({ codes, loaded }));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual({ codes: [0, 0], loaded: [] });
});
