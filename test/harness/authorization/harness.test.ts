/**
 * The authorization harness itself: it can say "allowed" as well as "denied", its two evaluation
 * paths agree, its static check finds planted defects, its resolver follows the partition, and
 * its catalog is consistent with AWS's model and with itself.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { Authorizer } from './authorizer';
import { actionModel, arnPatternsIntersect, resourceTypeOf } from './aws-model';
import { CAPABILITY_DEFAULTS, NEGATIVES, OPERATIONS, expectedRestricted } from './catalog';
import { canCall } from './index';
import { sceneFor } from './judge';
import { formatFinding, templateFindings } from './static-check';
import { PARTITIONS, ResolvedTemplate, TEST_ACCOUNT } from './template';
import { standardVariant, workspaceTemplate } from './variants';
import { listExamples, synthAwsExample } from '../../../scripts/lib/examples';
import { CoiledWorkspaceStack, ControlPlaneAccess } from '../../../src/aws';
import { WILDCARD_RESOURCE_ACTIONS } from '../../../src/aws/policies';

const defaultExample = listExamples('aws').find((e) => e.name === 'default')!;
const withExtraGrant = (statement: iam.PolicyStatement) =>
  synthAwsExample(defaultExample, { beforeSynth: (_app, stack: CoiledWorkspaceStack) => stack.workspace.controlPlane.role.addToPrincipalPolicy(statement) }).template;

describe('one call answers "may the control plane do this?"', () => {
  const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:coiled/token-AbCdEf';

  test('denied without a grant, allowed with one, and only on that secret', async () => {
    expect(await canCall(synthAwsExample(defaultExample).template, 'secretsmanager:GetSecretValue', secret)).toBe(false);
    const granted = withExtraGrant(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:coiled/*'] }));
    expect(await canCall(granted, 'secretsmanager:GetSecretValue', secret)).toBe(true);
    expect(await canCall(granted, 'secretsmanager:GetSecretValue', secret.replace('coiled/', 'prod/'))).toBe(false);
  });

  test('an explicit Deny wins over an Allow', async () => {
    const template = withExtraGrant(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ec2:TerminateInstances'], resources: ['*'] }));
    expect(await canCall(template, 'ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-0c01ed000000000001', { resourceTags: { owner: 'coiled' } })).toBe(false);
  });

  test('a check that names no resource type of its action is a catalog error, not a denial', async () => {
    const authorizer = await Authorizer.forTemplate(synthAwsExample(defaultExample).template);
    await expect(authorizer.canCall('ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-1')).rejects.toThrow(/catalog error/);
    await expect(authorizer.canCall('ec2:DescribeInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1')).rejects.toThrow(/takes no resource/);
    await expect(authorizer.canCall('ec2:LaunchRockets', '*')).rejects.toThrow(/no action/);
  });
});

test("the fast path and the evaluator's full path agree on every check of both catalogs", async () => {
  const { authorizer, scene } = await sceneFor(workspaceTemplate({ controlPlaneCapabilities: { perClusterSecurityGroups: true } }));
  const checks = [...OPERATIONS, ...NEGATIVES].flatMap((e) => e.checks(scene));
  // allowingStatements runs the full path and throws when it disagrees with the fast one.
  for (const check of checks) await authorizer.allowingStatements(check);
  expect(checks.length).toBeGreaterThan(250);
});

describe('the static check finds what it is for', () => {
  test.each([
    ['a condition key AWS does not supply for that resource type (defect 1)', new iam.PolicyStatement({ actions: ['ec2:CreateSecurityGroup'], resources: ['arn:aws:ec2:*:*:security-group/*'], conditions: { StringEquals: { 'ec2:Vpc': 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1' } } }), /condition-key-not-supplied \(ec2:Vpc on security-group/],
    ['an action without resources scoped to an ARN', new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['arn:aws:ec2:*:*:instance/*'] }), /wildcard-only-action-scoped/],
    ['a resource of a type the action does not have', new iam.PolicyStatement({ actions: ['ec2:TerminateInstances'], resources: ['arn:aws:ec2:*:*:volume/*'] }), /resource-names-no-type/],
    ['an action AWS does not have', new iam.PolicyStatement({ actions: ['ec2:LaunchRockets'], resources: ['*'] }), /unknown-action/],
    ['a resource no action of the statement fits', new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: ['arn:aws:s3:::bucket'] }), /no action of the statement fits it/],
    ['an action pattern that fits none of the resources', new iam.PolicyStatement({ actions: ['s3:GetObject*', 's3:ListBucket'], resources: ['arn:aws:s3:::bucket'] }), /s3:GetObject\* on .*none of its \d+ actions fits/],
  ])('%s', async (_, statement, finding) => {
    const findings = (await templateFindings(withExtraGrant(statement))).map(formatFinding);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(finding);
  });

  test('a tag key is judged per resource type; global keys and ...IfExists conditions are not', async () => {
    const statement = (conditions: Record<string, Record<string, string>>) => new iam.PolicyStatement({ actions: ['logs:GetLogEvents'], resources: ['arn:aws:logs:*:*:log-group:x:log-stream:*'], conditions });
    expect((await templateFindings(withExtraGrant(statement({ StringEquals: { 'aws:ResourceTag/owner': 'coiled' } })))).map(formatFinding)).toEqual([expect.stringMatching(/aws:ResourceTag\/owner on log-stream/)]);
    expect(await templateFindings(withExtraGrant(statement({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } })))).toEqual([]);
    expect(await templateFindings(withExtraGrant(statement({ StringEqualsIfExists: { 'aws:ResourceTag/owner': 'coiled' } })))).toEqual([]);
  });
});

describe("AWS's model, as the harness reads it", () => {
  test.each([
    ['arn:aws:ec2:us-east-1:111122223333:security-group/*', 'arn:${Partition}:ec2:${Region}:${Account}:security-group/${SecurityGroupId}', true],
    ['arn:aws:ec2:us-east-1:111122223333:subnet/*', 'arn:${Partition}:ec2:${Region}:${Account}:security-group/${SecurityGroupId}', false],
    ['arn:*:ec2:*:*:placement-group/coiled-*', 'arn:${Partition}:ec2:${Region}:${Account}:placement-group/${PlacementGroupName}', true],
    ['arn:aws:ec2:us-east-1::image/*', 'arn:${Partition}:ec2:${Region}::image/${ImageId}', true],
    ['arn:aws:ec2:us-east-1:111122223333:image/*', 'arn:${Partition}:ec2:${Region}::image/${ImageId}', false],
    ['arn:aws:logs:us-east-1:1:log-group:ws', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', false],
    ['arn:aws:logs:us-east-1:1:log-group:ws:*', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', true],
    ['arn:aws:s3:::bucket', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', false],
    ['*', 'arn:${Partition}:s3:::${BucketName}', true],
  ])('%s %s -> %s', (pattern, format, intersects) => {
    expect(arnPatternsIntersect(pattern, format)).toBe(intersects);
  });

  test('a log-stream ARN names the log-stream type, a bare log-group ARN the log-group type', async () => {
    const filter = (await actionModel('logs:FilterLogEvents'))!;
    const get = (await actionModel('logs:GetLogEvents'))!;
    expect(resourceTypeOf(get, 'arn:aws:logs:us-east-1:1:log-group:ws:log-stream:s')?.name).toBe('log-stream');
    expect(resourceTypeOf(filter, 'arn:aws:logs:us-east-1:1:log-group:ws')?.name).toBe('log-group');
  });

  test('every action RESTRICTED grants on "*" takes no resource in AWS\'s model', async () => {
    for (const action of Object.keys(WILDCARD_RESOURCE_ACTIONS)) expect([action, (await actionModel(action))?.wildcardOnly]).toEqual([action, true]);
  });
});

describe('the template resolver', () => {
  test('follows the partition: aws-cn ARNs and the China EC2 service principal', () => {
    const t = new ResolvedTemplate(synthAwsExample(defaultExample).template, { partition: PARTITIONS['aws-cn'], account: TEST_ACCOUNT });
    const ongoing = Object.values<any>(t.resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy' && /ongoing/.test(r.Properties.ManagedPolicyName));
    const document = t.resolve(ongoing.Properties.PolicyDocument);
    const passRole = document.Statement.find((s: any) => s.Sid === 'PassRole');
    expect(passRole.Condition.StringEquals['iam:PassedToService']).toBe('ec2.amazonaws.com.cn');
    expect(passRole.Resource).toMatch(/^arn:aws-cn:iam::111122223333:role\/coiled-my-team$/);
    expect(JSON.stringify(document)).not.toMatch(/arn:aws:/);
  });

  test('fails loudly on what it cannot resolve', () => {
    const t = new ResolvedTemplate({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: {} } } });
    expect(() => t.resolve({ Ref: 'Q' })).toThrow(/not supported/);
    expect(() => t.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/not supported/);
    expect(() => t.resolve({ Ref: 'Missing' })).toThrow(/unknown Missing/);
  });
});

describe('the catalog', () => {
  test('ids are unique; RESTRICTED answers at the default switches are the stated ones', () => {
    const all = [...OPERATIONS, ...NEGATIVES];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const e of OPERATIONS) expect([e.id, expectedRestricted(e, CAPABILITY_DEFAULTS)]).toEqual([e.id, e.expected.RESTRICTED]);
    for (const e of NEGATIVES) expect([e.id, e.expected.RESTRICTED, e.capability]).toEqual([e.id, 'deny', undefined]);
  });

  test('the STANDARD variant carries exactly the policies of a stack built with STANDARD access', () => {
    const documents = (template: any) =>
      Object.values<any>(template.Resources)
        .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && /^coiled-my-team-(ongoing|setup)$/.test(r.Properties.ManagedPolicyName))
        .map((r) => r.Properties.PolicyDocument);
    const built = workspaceTemplate({ controlPlaneAccess: ControlPlaneAccess.STANDARD });
    expect(documents(standardVariant(defaultExample))).toEqual(documents(built));
    expect(documents(built)).toHaveLength(2);
  });
});
