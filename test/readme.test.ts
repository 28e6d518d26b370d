/**
 * The README is executable documentation: its cost tables match what the cost model computes (its
 * TypeScript snippets compile: test/doc-snippets.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { fixedMonthlyCost, formatUsd } from '../scripts/lib/cost';
import { REPO_ROOT } from '../scripts/lib/examples';
import { PRICES } from '../scripts/lib/prices';
import { CoiledNetwork, CoiledWorkspaceStack, NatType, PrivateNetworkOptions } from '../src/aws';
import { CoiledGcpStack } from '../src/gcp';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

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
