/**
 * The seven defects AWS's authorization model found in the RESTRICTED role (issue #10), one test
 * each. Every one of these failed against the role as it was before the fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NEGATIVES, OPERATIONS } from './catalog';
import { mismatches } from './judge';
import { STANDARD_DEAD_GRANTS } from './standard-dead-grants';
import { formatFinding, templateFindings } from './static-check';
import { PARTITIONS, TEST_ACCOUNT } from './template';
import { workspaceTemplate } from './variants';
import { REPO_ROOT, listExamples, synthAwsExample } from '../../../scripts/lib/examples';
import { CoiledNetwork } from '../../../src/aws';

const example = (name: string) => synthAwsExample(listExamples('aws').find((e) => e.name === name)!).template;
const entries = (ids: string[]) => {
  const found = [...OPERATIONS, ...NEGATIVES].filter((e) => ids.includes(e.id));
  expect(found.map((e) => e.id).sort()).toEqual([...ids].sort());
  return found;
};
const sharedVpc = () => CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] });

test('1. a condition key AWS never supplies: ec2:Vpc on CreateSecurityGroup\'s security-group denied every per-cluster group', async () => {
  const template = workspaceTemplate({ controlPlaneCapabilities: { perClusterSecurityGroups: true } });
  expect((await templateFindings(template)).map(formatFinding)).toEqual([]);
  expect(await mismatches(template, entries(['create-security-group', 'open-security-group', 'delete-security-group', 'launch-with-coiled-security-group']), () => 'allow')).toEqual([]);
});

test('2. tag-then-terminate: CreateTags on any instance let Coiled make any instance its own', async () => {
  const template = example('default');
  expect(await mismatches(template, entries(['tag-forging-instance', 'tag-forging-security-group', 'tag-forging-launch-template', 'terminate-foreign-instance']), () => 'deny')).toEqual([]);
  // Tagging is still possible where it belongs: inside the launch.
  expect(await mismatches(template, entries(['launch-on-demand', 'create-fleet', 'create-launch-template']), () => 'allow')).toEqual([]);
});

test("3. too wide in a shared VPC: other workloads' groups, subnets and launch templates", async () => {
  for (const template of [example('existing-vpc'), workspaceTemplate({ network: sharedVpc(), controlPlaneCapabilities: { perClusterSecurityGroups: true } })]) {
    const negatives = ['open-foreign-security-group', 'delete-foreign-security-group', 'launch-into-unlisted-subnet', 'launch-with-foreign-security-group', 'change-foreign-launch-template', 'delete-foreign-launch-template', 'launch-from-foreign-launch-template'];
    expect(await mismatches(template, entries(negatives), () => 'deny')).toEqual([]);
    expect(await mismatches(template, entries(['launch-on-demand', 'launch-in-every-subnet', 'update-launch-template', 'delete-launch-template']), () => 'allow')).toEqual([]);
  }
});

test('4. partitions: in aws-cn AWS sends ec2.amazonaws.com.cn as iam:PassedToService', async () => {
  const deployment = { partition: PARTITIONS['aws-cn'], account: TEST_ACCOUNT };
  expect(await mismatches(example('default'), entries(['launch-on-demand', 'create-fleet', 'launch-spot']), () => 'allow', deployment)).toEqual([]);
  expect(await mismatches(example('default'), entries(['pass-role-to-other-service']), () => 'deny', deployment)).toEqual([]);
});

test('5. log reads: CloudWatch Logs authorizes some against the bare log-group ARN', async () => {
  expect(await mismatches(example('default'), entries(['read-logs']), () => 'allow')).toEqual([]);
  expect(await mismatches(example('default'), entries(['read-other-log-group']), () => 'deny')).toEqual([]);
});

test("6. STANDARD's dead grants are recorded in docs/permissions.md with their reasons", () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/permissions.md'), 'utf8');
  const start = doc.indexOf('## AWS: grants of STANDARD that never take effect');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = doc.slice(start);
  for (const grant of STANDARD_DEAD_GRANTS) {
    expect(section).toContain(`\`${grant.action}\``);
    expect(section).toContain(`\`${grant.resource}\``);
    expect(section).toContain(grant.why);
  }
});

test('7. Coiled features RESTRICTED silently broke: stop/start, placement groups, images in ECR (defaults), per-cluster groups (switch)', async () => {
  const features = ['stop-start', 'create-placement-group', 'describe-placement-groups', 'launch-into-placement-group', 'delete-placement-group', 'create-repository', 'push-image', 'inspect-repository'];
  expect(await mismatches(example('default'), entries(features), () => 'allow')).toEqual([]);
  expect(await mismatches(workspaceTemplate({ controlPlaneCapabilities: { perClusterSecurityGroups: true } }), entries(['create-security-group']), () => 'allow')).toEqual([]);
});
