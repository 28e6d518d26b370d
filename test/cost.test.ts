/**
 * Fixed monthly cost, computed from synthesized output and the dated price table.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { fixedMonthlyCost } from '../scripts/lib/cost';
import { listExamples, synthAwsExample, synthGcpExample } from '../scripts/lib/examples';
import { PRICES } from '../scripts/lib/prices';
import { CoiledNetwork, CoiledWorkspaceStack } from '../src/aws';
import { CoiledGcpStack } from '../src/gcp';

const aws = (name: string) => listExamples('aws').find((e) => e.name === name)!;
const gcp = (name: string) => listExamples('gcp').find((e) => e.name === name)!;
const H = PRICES.hoursPerMonth;

test.each(['default', 'seed-firewall', 'existing-vpc'])('aws/%s costs $0.00 a month', (name) => {
  expect(fixedMonthlyCost(aws(name), synthAwsExample(aws(name)).template).totalMonthly).toBe(0);
});

test.each(['default', 'seed-firewall', 'existing-network', 'private-cloud-nat'])('gcp/%s costs $0.00 a month while no cluster runs', (name) => {
  expect(fixedMonthlyCost(gcp(name), synthGcpExample(gcp(name)).json).totalMonthly).toBe(0);
});

test('the Cloud NAT example says what it costs with use', () => {
  expect(fixedMonthlyCost(gcp('private-cloud-nat'), synthGcpExample(gcp('private-cloud-nat')).json).variable.join()).toMatch(/Cloud NAT \$0\.0014 per VM-hour/);
});

test('the NAT-instance example: one t4g.nano with its root volume and its public IPv4 address', () => {
  const cost = fixedMonthlyCost(aws('private-nat-instance'), synthAwsExample(aws('private-nat-instance')).template);
  const instance = Math.round((PRICES.aws.instanceHour['t4g.nano'] * H + 8 * PRICES.aws.gp3GbMonth) * 100) / 100;
  const ipv4 = Math.round(PRICES.aws.publicIpv4Hour * H * 100) / 100;
  expect(cost.lines.map((l) => [l.item.split(' (')[0], l.count, l.monthly])).toEqual([
    ['NAT instance t4g.nano', 1, instance],
    ['Public IPv4 address', 1, ipv4],
  ]);
  expect(cost.totalMonthly).toBeCloseTo(instance + ipv4, 2);
});

test('what the NAT choice costs: a NAT gateway per zone is billed per gateway and per Elastic IP', () => {
  const stack = new CoiledWorkspaceStack(new App(), 'Gw', { workspaceName: 'demo', externalId: 'b5e1c9d27a4f8063', network: CoiledNetwork.privateSubnets({ natPerAz: true }) });
  const cost = fixedMonthlyCost({ cloud: 'aws', name: 'gw', dir: '' }, Template.fromStack(stack).toJSON());
  expect(cost.lines.map((l) => [l.item, l.count])).toEqual([
    ['NAT gateway', 2],
    ['Public IPv4 address', 2],
  ]);
  expect(cost.totalMonthly).toBeCloseTo(2 * (PRICES.aws.natGatewayHour + PRICES.aws.publicIpv4Hour) * H, 1);
});

test('a customer-managed log key costs $1 a month', () => {
  const stack = new CoiledWorkspaceStack(new App(), 'Kms', { workspaceName: 'demo', externalId: 'b5e1c9d27a4f8063', encryptLogs: true });
  expect(fixedMonthlyCost({ cloud: 'aws', name: 'kms', dir: '' }, Template.fromStack(stack).toJSON()).totalMonthly).toBe(PRICES.aws.kmsKeyMonth);
});

test('aws/data-access: its one secret costs $0.40 a month, its reads are billed with use', () => {
  const cost = fixedMonthlyCost(aws('data-access'), synthAwsExample(aws('data-access')).template);
  expect(cost.lines).toEqual([{ item: 'Secrets Manager secret', count: 1, monthly: PRICES.aws.secretsManagerSecretMonth }]);
  expect(cost.totalMonthly).toBe(0.4);
  expect(cost.variable.join()).toMatch(/Secrets Manager API calls \$0\.05 per 10,000/);
});

test('gcp/data-access: $0.00 while its secret has no version; the version you add is $0.06 a month', () => {
  const cost = fixedMonthlyCost(gcp('data-access'), synthGcpExample(gcp('data-access')).json);
  expect(cost.totalMonthly).toBe(0);
  expect(cost.variable.join()).toMatch(/Secret Manager \$0\.06 a month per active version you add \(1 secret here; 6 versions per billing account free\)/);
});

test('an adopted AWS secret costs this stack nothing; a GCP version in state is billed', () => {
  const adopted = new CoiledWorkspaceStack(new App(), 'Adopted', { workspaceName: 'demo', externalId: 'b5e1c9d27a4f8063', secrets: [{ name: 'x', existingSecretName: 'prod/x' }] });
  expect(fixedMonthlyCost({ cloud: 'aws', name: 'a', dir: '' }, Template.fromStack(adopted).toJSON()).totalMonthly).toBe(0);
  const gcpStack = new CoiledGcpStack(Testing.app(), 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'demo', secrets: [{ name: 'x', value: 'v', allowPlaintextValue: true }] });
  expect(fixedMonthlyCost({ cloud: 'gcp', name: 'g', dir: '' }, JSON.parse(Testing.synth(gcpStack))).totalMonthly).toBe(PRICES.gcp.secretVersionMonth);
});

test('the price table is dated and sourced', () => {
  expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}$/);
  expect(PRICES.source).toMatch(/aws\.amazon\.com.*cloud\.google\.com/);
});
