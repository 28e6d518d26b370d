/**
 * The README is executable documentation: every TypeScript snippet compiles against the library
 * (with a small fixture for the ones that continue a stack), and its cost table matches what the
 * cost model computes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import * as ts from 'typescript';
import { fixedMonthlyCost, formatUsd } from '../scripts/lib/cost';
import { REPO_ROOT } from '../scripts/lib/examples';
import { PRICES } from '../scripts/lib/prices';
import { CoiledNetwork, CoiledWorkspaceStack, NatType, PrivateNetworkOptions } from '../src/aws';
import { CoiledGcpStack } from '../src/gcp';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

const FIXTURE = (body: string) => `
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { aws, gcp, Ingress } from 'coiled-byoc';
declare const externalId: string;
declare const workspace: aws.CoiledWorkspace;
declare const gcpWorkspace: gcp.CoiledGcpWorkspace;
declare const database: ec2.Connections & ec2.IConnectable;
export class Snippet extends Stack {
  constructor(scope: Construct) {
    super(scope, 'Snippet');
${body}
  }
}
void ec2; void s3; void aws; void gcp; void Ingress;
`;

function snippets(): Array<{ name: string; source: string }> {
  const found: Array<{ name: string; source: string }> = [];
  const re = /```ts( nofixture)?\n([\s\S]*?)```/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(README))) {
    const line = README.slice(0, match.index).split('\n').length;
    found.push({ name: `README.md:${line}`, source: match[1] ? match[2] : FIXTURE(match[2]) });
  }
  return found;
}

test('every TypeScript snippet in the README compiles', () => {
  const all = snippets();
  expect(all.length).toBeGreaterThanOrEqual(8);
  const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.check.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  const files = new Map(all.map((s, i) => [path.join(REPO_ROOT, 'test', `__readme_snippet_${i}.ts`), s]));
  const host = ts.createCompilerHost({ ...parsed.options, noEmit: true });
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f)?.source ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || exists(f);
  const program = ts.createProgram([...files.keys()], { ...parsed.options, noEmit: true, noUnusedLocals: false }, host);
  const errors = [...files.keys()].flatMap((f) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => `${files.get(f)!.name}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
  );
  expect(errors).toEqual([]);
});

test("the README's secrets cost table is what the cost model computes", () => {
  const awsStack = new CoiledWorkspaceStack(new App(), 'Cost', { workspaceName: 'demo', externalId: 'b5e1c9d27a4f8063', secrets: [{ name: 'token' }] });
  const perSecret = fixedMonthlyCost({ cloud: 'aws', name: 'cost', dir: '' }, Template.fromStack(awsStack).toJSON());
  expect(README).toContain(`| AWS, per secret the stack creates | ${formatUsd(perSecret.totalMonthly)}/month (+ $${PRICES.aws.secretsManagerPer10kCalls} per 10,000 reads) |`);
  const gcpStack = new CoiledGcpStack(Testing.app(), 'cost', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo', secrets: [{ name: 'token', value: 'v', allowPlaintextValue: true }] });
  const perVersion = fixedMonthlyCost({ cloud: 'gcp', name: 'cost', dir: '' }, JSON.parse(Testing.synth(gcpStack)));
  expect(README).toContain(
    `| GCP, per secret version you add | ${formatUsd(perVersion.totalMonthly)}/month (${PRICES.gcp.freeSecretVersions} versions per billing account free; + $${PRICES.gcp.secretAccessPer10k} per 10,000 reads) |`,
  );
});

test("the README's NAT cost table is what the cost model computes", () => {
  const cost = (options: PrivateNetworkOptions) => {
    const stack = new CoiledWorkspaceStack(new App(), 'Cost', { workspaceName: 'demo', externalId: 'b5e1c9d27a4f8063', network: CoiledNetwork.privateSubnets(options) });
    return formatUsd(fixedMonthlyCost({ cloud: 'aws', name: 'cost', dir: '' }, Template.fromStack(stack).toJSON()).totalMonthly);
  };
  expect(README).toContain(`| \`NatType.GATEWAY\` (one) | ${cost({})}/month`);
  expect(README).toContain(`| \`NatType.GATEWAY\` with \`natPerAz\` (2 zones) | ${cost({ natPerAz: true })}/month`);
  expect(README).toContain(`| \`NatType.INSTANCE\` (t4g.nano) | ${cost({ natType: NatType.INSTANCE })}/month`);
  expect(README).toContain(`| \`NatType.NONE\` | ${cost({ natType: NatType.NONE })} `);
});
