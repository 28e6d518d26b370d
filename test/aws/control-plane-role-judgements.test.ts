/**
 * CoiledControlPlaneRole's refusals word for word (code, input, the value shown, problem, fix,
 * suggestion), the edges of each check, the warning of STANDARD access, the names and
 * descriptions of the role and its policies, and the compliance acknowledgements of RESTRICTED's
 * wildcard resources. Mutation testing (issue 16) found these matched by code or by regular
 * expression only, or not at all, in test/aws/control-plane-role.test.ts.
 */
import { App, CfnParameter, Stack, Token, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXTERNAL_ID, libraryError, newControlPlane, newStack, warnings } from './util';
import { CoiledControlPlaneRoleProps, ControlPlaneAccess, ExternalId, checkAccountId } from '../../src/aws';
import { plainScope, renderValue } from '../../src/core/errors';
import { EXTERNAL_ID_FIX } from '../../src/core/external-id';

const SUBNETS = ['subnet-0123456789abcdef0'];
const GROUPS = ['sg-0123456789abcdef0'];

/** A control-plane role in a fresh stack (not synthesized). */
function controlPlane(props: Partial<CoiledControlPlaneRoleProps> = {}, stack = newStack()) {
  const role = newControlPlane(stack, props, { subnetIds: SUBNETS, securityGroupIds: GROUPS });
  return { stack, role };
}
const refusal = (fn: () => unknown) => {
  const e = libraryError(fn);
  return { code: e.code, input: e.input, value: e.value, problem: e.problem, fix: e.fix, suggestion: e.suggestion };
};
/** What the role refuses for these props, with the value rendered as errors show it. */
const refused = (props: Partial<CoiledControlPlaneRoleProps>) => refusal(() => controlPlane(props));
const expected = (e: { code: string; input: string; value: unknown; problem: string; fix: string; suggestion?: unknown }) => ({ suggestion: undefined, ...e, value: renderValue(e.value) });
/** The ec2:Owner values of the image statement. */
const imageOwners = (props: Partial<CoiledControlPlaneRoleProps>, stack?: Stack) => {
  const { stack: s } = controlPlane(props, stack);
  const ongoing = Object.values<any>(Template.fromStack(s).findResources('AWS::IAM::ManagedPolicy')).find((p) => p.Properties.ManagedPolicyName === 'coiled-demo-ongoing');
  return ongoing.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'RunInstancesImage').Condition.StringEquals['ec2:Owner'];
};

/** The principals the role trusts. */
const trusted = (props: Partial<CoiledControlPlaneRoleProps>, stack = newStack()) => {
  controlPlane(props, stack);
  const role = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role')).find((r) => r.Properties.RoleName === 'coiled-demo-control-plane');
  return role.Properties.AssumeRolePolicyDocument.Statement.map((s: any) => s.Principal.AWS);
};

describe('external ID', () => {
  const INVALID = (value: unknown, problem: string) => expected({ code: 'INVALID_EXTERNAL_ID', input: 'externalId', value, problem, fix: EXTERNAL_ID_FIX });
  const WEAK = ': the external ID is what stops any other Coiled customer from making Coiled act in this account';

  test.each([
    ['empty', '', 'an external ID has at least 2 characters'],
    ['one character', 'x', 'an external ID has at least 2 characters'],
    // Two characters pass the length, so the alphabet is what is wrong.
    ['two characters, one outside the alphabet', 'a ', 'AWS accepts 2-1224 characters of letters, digits and +=,.@:/-_ in an external ID'],
    ['1,225 characters', '7'.repeat(1225), 'AWS accepts 2-1224 characters of letters, digits and +=,.@:/-_ in an external ID'],
    // A placeholder phrase is still refused for its characters first; only a template placeholder is named as such.
    ['a placeholder phrase with spaces', 'change me please now', 'AWS accepts 2-1224 characters of letters, digits and +=,.@:/-_ in an external ID'],
    ['a template placeholder', '<external-id>', `it looks like a template placeholder, not a value${WEAK}`],
    ['too short to be random', 'abc123def456', `it has 12 characters; at least 16 random ones are needed so it cannot be guessed (Coiled's template uses 16 hex characters)${WEAK}`],
  ])('%s is refused word for word', (_, externalId, problem) => {
    expect(refused({ externalId })).toEqual(INVALID(externalId, problem));
  });

  // cdk.json context can hold any JSON value; the constructor's own type check never lets one through.
  test.each([
    ['a number', 12345678901234567890, 'an external ID is text, not a number'],
    ['a boolean', true, 'an external ID is text, not a boolean'],
    ['an object', { id: EXTERNAL_ID }, 'an external ID is text, not an object'],
    ['a list', [EXTERNAL_ID], 'an external ID is text, not a list'],
  ])('from context, %s is refused naming what it is', (_, value, problem) => {
    expect(refusal(() => ExternalId.fromContext(new App({ context: { coiledExternalId: value } })))).toEqual({ ...INVALID(value, problem), input: 'context "coiledExternalId"' });
  });
});

describe('account ids', () => {
  const INVALID = (input: string, value: unknown, suggestion?: unknown) => ({
    code: 'INVALID_ACCOUNT_ID',
    input,
    value,
    problem: 'an AWS account id is exactly 12 digits',
    fix: 'write it as a string of 12 digits, e.g. "077742499581"',
    suggestion,
  });

  test.each([
    ['11 digits', '77742499581', undefined],
    ['13 digits', '0777424995810', undefined],
    ['a letter before 12 digits', 'a077742499581', undefined],
    ['a letter after 12 digits', '077742499581a', undefined],
    ['12 digits with hyphens', '0777-4249-9581', '077742499581'],
    ['12 digits with spaces', ' 0777 4249 9581 ', '077742499581'],
  ])('coiledAccountId of %s is refused; 12 digits once separators go are suggested', (_, coiledAccountId, digits) => {
    expect(refused({ coiledAccountId })).toEqual(expected(INVALID('coiledAccountId', coiledAccountId, digits === undefined ? undefined : { input: 'coiledAccountId', value: digits })));
  });

  // A number reaches checkAccountId only from JavaScript (the constructor's type check refuses it first).
  test.each([
    ['12 digits', 123456789012, '123456789012'],
    ['11 digits, its leading zero lost', 77742499581, '077742499581'],
    ['one digit', 7, '000000000007'],
    ['13 digits', 1234567890123, undefined],
    ['a fraction', 1.5, undefined],
  ])('a number of %s is refused, suggesting the text it stands for', (_, value, digits) => {
    expect(refusal(() => checkAccountId(plainScope('App/Ws'), 'coiledAccountId', value as unknown as string))).toEqual(
      expected(INVALID('coiledAccountId', value, digits === undefined ? undefined : { input: 'coiledAccountId', value: digits })),
    );
  });

  test('a token account id is trusted as given', () => {
    const stack = newStack();
    const account = new CfnParameter(stack, 'CoiledAccount').valueAsString;
    expect(trusted({ coiledAccountId: account }, stack)).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CoiledAccount' }, ':root']] }]);
  });

  test("AMI owners default to Coiled's account, or to coiledAccountId when it is set", () => {
    expect(imageOwners({})).toBe('077742499581');
    expect(imageOwners({ coiledAccountId: '111122223333' })).toBe('111122223333');
  });

  test('a token list of AMI owners passes unchecked into the condition', () => {
    const stack = newStack();
    const owners = new CfnParameter(stack, 'Owners', { type: 'CommaDelimitedList' }).valueAsList;
    expect(imageOwners({ amiOwnerAccountIds: owners }, stack)).toEqual({ Ref: 'Owners' });
  });

  test.each<[string, Partial<CoiledControlPlaneRoleProps>, Parameters<typeof expected>[0]]>([
    [
      'STANDARD access with AMI owners',
      { access: ControlPlaneAccess.STANDARD, amiOwnerAccountIds: ['077742499581'] },
      {
        code: 'CONFLICTING_OPTIONS',
        input: 'amiOwnerAccountIds',
        value: ['077742499581'],
        problem: 'STANDARD access lets Coiled launch any image (it is `coiled setup aws` verbatim), so the owners would be ignored',
        fix: 'remove amiOwnerAccountIds, or use ControlPlaneAccess.RESTRICTED (the default)',
        suggestion: { input: 'amiOwnerAccountIds', value: undefined },
      },
    ],
    [
      'an empty list of AMI owners',
      { amiOwnerAccountIds: [] },
      {
        code: 'EMPTY_LIST',
        input: 'amiOwnerAccountIds',
        value: [],
        problem: 'an empty list renders "ec2:Owner": [] and lets Coiled launch no image at all',
        fix: "leave it out for Coiled's account (077742499581), or list the accounts",
        suggestion: { input: 'amiOwnerAccountIds', value: undefined },
      },
    ],
    [
      'an AMI owner listed twice',
      { amiOwnerAccountIds: ['111122223333', '077742499581', '111122223333'] },
      {
        code: 'INVALID_ACCOUNT_ID',
        input: 'amiOwnerAccountIds[2]',
        value: '111122223333',
        problem: '111122223333 is listed twice',
        fix: 'list each account once',
        suggestion: { input: 'amiOwnerAccountIds', value: ['111122223333', '077742499581'] },
      },
    ],
    ['an AMI owner that is no account id', { amiOwnerAccountIds: ['077742499581', '1111-2222-3333'] }, INVALID('amiOwnerAccountIds[1]', '1111-2222-3333', { input: 'amiOwnerAccountIds[1]', value: '111122223333' })],
  ])('%s is refused word for word', (_, props, error) => {
    expect(refused(props)).toEqual(expected(error));
  });
});

describe('coiledPrincipalArn', () => {
  test.each([
    ['an S3 ARN', 'arn:aws:s3:::bucket'],
    ['text before the ARN', 'xarn:aws:iam::077742499581:root'],
    ['text after root', 'arn:aws:iam::077742499581:rootx'],
    ['an 11-digit account', 'arn:aws:iam::07774249958:root'],
    ['a role without a name', 'arn:aws:iam::077742499581:role/'],
    ['a group', 'arn:aws:iam::077742499581:group/admins'],
  ])('%s is refused word for word', (_, coiledPrincipalArn) => {
    expect(refused({ coiledPrincipalArn })).toEqual(
      expected({ code: 'INVALID_ARN', input: 'coiledPrincipalArn', value: coiledPrincipalArn, problem: 'not an IAM role, user or account-root ARN', fix: 'copy the principal ARN Coiled gave you, e.g. "arn:aws:iam::077742499581:role/..."' }),
    );
  });

  test.each([
    ['a China account root', 'arn:aws-cn:iam::077742499581:root'],
    ['a user with a path', 'arn:aws:iam::077742499581:user/path/name'],
    ['a GovCloud role with every name character IAM allows', 'arn:aws-us-gov:iam::077742499581:role/a+b=c,d.e@f-g_h'],
    // Without coiledAccountId there is nothing to disagree with: the ARN Coiled gave is trusted.
    ['a role in another account, coiledAccountId left out', 'arn:aws:iam::111122223333:role/coiled'],
  ])('%s is trusted exactly', (_, coiledPrincipalArn) => {
    expect(trusted({ coiledPrincipalArn })).toEqual([coiledPrincipalArn]);
  });

  test('a principal in another account than coiledAccountId is refused, suggesting its account', () => {
    expect(refused({ coiledPrincipalArn: 'arn:aws:iam::111122223333:role/x', coiledAccountId: '077742499581' })).toEqual(
      expected({
        code: 'CONFLICTING_OPTIONS',
        input: 'coiledPrincipalArn',
        value: 'arn:aws:iam::111122223333:role/x',
        problem: "the principal is in account 111122223333, but coiledAccountId says Coiled's account is 077742499581",
        fix: 'give the principal ARN Coiled gave you and leave coiledAccountId out, or make them agree',
        suggestion: { input: 'coiledAccountId', value: '111122223333' },
      }),
    );
  });

  test('a token principal, or a token coiledAccountId beside a literal principal, is trusted unchecked', () => {
    const stack = newStack();
    const principal = new CfnParameter(stack, 'Principal').valueAsString;
    expect(trusted({ coiledPrincipalArn: principal }, stack)).toEqual([{ Ref: 'Principal' }]);
    const other = newStack();
    const account = new CfnParameter(other, 'Account').valueAsString;
    expect(trusted({ coiledPrincipalArn: 'arn:aws:iam::111122223333:role/x', coiledAccountId: account }, other)).toEqual(['arn:aws:iam::111122223333:role/x']);
  });
});

describe('RESTRICTED needs the VPC, subnets and groups', () => {
  test.each([
    ['vpcId', undefined, 'RESTRICTED access scopes every launch to one VPC', 'pass the workspace VPC id, or use ControlPlaneAccess.STANDARD'],
    ['subnetIds', undefined, 'RESTRICTED access lets Coiled launch into exactly the workspace subnets', 'pass the subnets Coiled may launch into (workspace.subnetIds)'],
    ['subnetIds', [], 'RESTRICTED access lets Coiled launch into exactly the workspace subnets', 'pass the subnets Coiled may launch into (workspace.subnetIds)'],
    ['securityGroupIds', undefined, 'RESTRICTED access lets Coiled launch with exactly the workspace security groups', 'pass the scheduler and cluster security group ids'],
    ['securityGroupIds', [], 'RESTRICTED access lets Coiled launch with exactly the workspace security groups', 'pass the scheduler and cluster security group ids'],
  ])('%s = %j is refused word for word', (input, value, problem, fix) => {
    expect(refused({ [input]: value })).toEqual(expected({ code: 'CONFLICTING_OPTIONS', input, value, problem, fix }));
  });

  test('token lists of subnets and groups (known only at deploy) are accepted into the conditions', () => {
    const stack = newStack();
    const subnetIds = new CfnParameter(stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' }).valueAsList;
    const securityGroupIds = new CfnParameter(stack, 'Groups', { type: 'List<AWS::EC2::SecurityGroup::Id>' }).valueAsList;
    controlPlane({ subnetIds, securityGroupIds }, stack);
    const ongoing = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).find((p) => p.Properties.ManagedPolicyName === 'coiled-demo-ongoing');
    const condition = (sid: string) => ongoing.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === sid).Condition.StringEquals;
    expect([condition('RunInstancesInVpc'), condition('RunInstancesWorkspaceSecurityGroups')]).toEqual([{ 'ec2:SubnetID': { Ref: 'Subnets' } }, { 'ec2:SecurityGroupID': { Ref: 'Groups' } }]);
  });

  test('STANDARD needs none of them', () => {
    expect(() => controlPlane({ access: ControlPlaneAccess.STANDARD, vpcId: undefined, subnetIds: undefined, securityGroupIds: undefined })).not.toThrow();
  });
});

describe('ecrRepositoryPrefix', () => {
  const FIX = "give the start of Coiled's repository names, e.g. 'coiled' or 'coiled/my-team'; or set softwareEnvironmentImages: false";
  const NOT_A_NAME = 'not the beginning of an ECR repository name (lowercase letters and digits, joined by ., _ or -, path parts separated by /)';
  const WILDCARD = 'a wildcard would let Coiled push to repositories that are not its own';

  test.each([
    ['empty', '', NOT_A_NAME],
    ['256 characters', 'a'.repeat(256), NOT_A_NAME],
    ['uppercase', 'Coiled', NOT_A_NAME],
    ['a leading separator', '-coiled', NOT_A_NAME],
    ['two separators in a row', 'coiled--', NOT_A_NAME],
    ['an empty path part', 'coiled//envs', NOT_A_NAME],
    ['a * wildcard', 'coiled*', WILDCARD],
    ['a ? wildcard', 'coiled?', WILDCARD],
  ])('%s is refused word for word', (_, ecrRepositoryPrefix, problem) => {
    expect(refused({ capabilities: { ecrRepositoryPrefix } })).toEqual(expected({ code: 'INVALID_NAME', input: 'capabilities.ecrRepositoryPrefix', value: ecrRepositoryPrefix, problem, fix: FIX }));
  });

  // cdk.json context can hold any JSON value; a list would read as its one element in the pattern,
  // so the constructor's type check must refuse it before the pattern sees it.
  test.each([
    ['a list', ['coiled'], 'expected a string, got a list'],
    ['a number', 7, 'expected a string, got the number 7'],
  ])('from context, %s is refused as the wrong type', (_, value, problem) => {
    const ecrRepositoryPrefix = value as unknown as string;
    expect(refused({ capabilities: { ecrRepositoryPrefix } })).toEqual(expected({ code: 'INVALID_TYPE', input: 'capabilities.ecrRepositoryPrefix', value, problem, fix: 'give a string' }));
  });

  test.each([
    ['one character', 'c'],
    ['255 characters', 'a'.repeat(255)],
    ['a name ending in a separator', 'coiled.'],
    // Each part is words joined by a separator, and a word after a separator is as long as any.
    ['a word of several letters after a separator', 'coiled-images'],
    ['such a word in a path part before the last', 'data-team/coiled'],
  ])('%s is accepted', (_, ecrRepositoryPrefix) => {
    expect(() => controlPlane({ capabilities: { ecrRepositoryPrefix } })).not.toThrow();
  });
});

describe('STANDARD access', () => {
  const IGNORED = "capabilities apply to RESTRICTED access only: STANDARD is `coiled setup aws`'s policy, which grants every Coiled feature.";

  test('capabilities, even empty ones, are ignored with a warning; without them there is none', () => {
    expect(warnings(controlPlane({ access: ControlPlaneAccess.STANDARD, capabilities: {} }).stack)).toEqual([`${IGNORED} [ack: coiled-byoc:capabilitiesIgnored]`]);
    expect(warnings(controlPlane({ access: ControlPlaneAccess.STANDARD }).stack)).toEqual([]);
    expect(warnings(controlPlane({ capabilities: {} }).stack)).toEqual([]);
  });

  test('no capabilities policy and no acknowledgement: its wide grants stay visible to review', () => {
    const { role } = controlPlane({ access: ControlPlaneAccess.STANDARD });
    expect(role.capabilitiesPolicy).toBeUndefined();
    expect([role.ongoingPolicy, role.setupPolicy].flatMap((p) => p.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))).toEqual([]);
  });
});

test('the role and its policies: names, descriptions, attachments', () => {
  const { stack, role } = controlPlane();
  const template = Template.fromStack(stack);
  const policies = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .map((p) => p.Properties)
    .filter((p) => p.ManagedPolicyName !== 'CoiledInstancePolicy');
  const roleId = stack.getLogicalId(role.role.node.defaultChild as any);
  const PERMISSIONS = 'Permissions required for Coiled to operate in your AWS account';
  expect(policies.map((p) => [p.ManagedPolicyName, p.Description, p.Roles])).toEqual([
    ['coiled-demo-ongoing', PERMISSIONS, [{ Ref: roleId }]],
    ['coiled-demo-setup', PERMISSIONS, [{ Ref: roleId }]],
    ['coiled-demo-capabilities', 'Permissions for the optional Coiled features this workspace allows', [{ Ref: roleId }]],
  ]);
  template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'coiled-demo-control-plane', Description: 'Role assumed by Coiled control-plane to create and manage resources in your AWS account.' });
  expect(role.roleArn).toBe(role.role.roleArn);
  expect([role.externalId, role.access]).toEqual([EXTERNAL_ID, 'RESTRICTED']);
});

test('access given as its text (from JavaScript or JSON) is the access it names', () => {
  const { role } = controlPlane({ access: 'STANDARD' as ControlPlaneAccess, vpcId: undefined });
  expect([role.access, role.capabilitiesPolicy]).toEqual(['STANDARD', undefined]);
});

describe('a policy too large for IAM fails at synth, naming the list that makes it grow', () => {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-0123456789abcd${i.toString(16).padStart(3, '0')}`);
  const SUBNETS_FIX = 'hand Coiled fewer subnets (one per availability zone it should use is enough)';
  const GROUPS_FIX = "pass only the workspace's scheduler and cluster security groups";
  const tooLarge = (props: Partial<CoiledControlPlaneRoleProps>) => {
    const err = libraryError(() => controlPlane(props));
    return { code: err.code, input: err.input, policy: err.value.replace(/: up to \d+ characters"$/, '').replace(/^"/, ''), fix: err.fix };
  };

  test.each([
    // The ongoing policy names every subnet and every workspace group; the longer list is the one to cut.
    ['60 subnets, 2 groups: the ongoing policy, by its subnets', { subnetIds: ids('subnet', 60), securityGroupIds: GROUPS.concat('sg-0fedcba9876543210') }, 'subnetIds', 'OngoingPolicy', SUBNETS_FIX],
    ['1 subnet, 50 groups: the ongoing policy, by its groups', { securityGroupIds: ids('sg', 50), capabilities: { perClusterSecurityGroups: false } }, 'securityGroupIds', 'OngoingPolicy', GROUPS_FIX],
    // The capabilities policy's Deny names every workspace group, and no subnet.
    ['1 subnet, 43 groups, per-cluster groups on: the capabilities policy, by its groups', { securityGroupIds: ids('sg', 43), capabilities: { perClusterSecurityGroups: true } }, 'securityGroupIds', 'CapabilitiesPolicy', GROUPS_FIX],
  ])('%s', (_, props, input, policy, fix) => {
    expect(tooLarge(props)).toEqual({ code: 'IAM_POLICY_TOO_LARGE', input, policy, fix });
  });

  test('as many groups as subnets: the subnets are named', () => {
    expect(tooLarge({ subnetIds: ids('subnet', 40), securityGroupIds: ids('sg', 40), capabilities: { perClusterSecurityGroups: false } })).toEqual({ code: 'IAM_POLICY_TOO_LARGE', input: 'subnetIds', policy: 'OngoingPolicy', fix: SUBNETS_FIX });
  });

  test('42 groups fit the capabilities policy', () => {
    expect(() => controlPlane({ securityGroupIds: ids('sg', 42), capabilities: { perClusterSecurityGroups: true } })).not.toThrow();
  });
});

describe('RESTRICTED acknowledges each wildcard resource of its policies with the reason of its statement', () => {
  const acknowledged = (policy: { node: { metadata: any[] } } | undefined) =>
    (policy?.node.metadata ?? [])
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries<string>(m.data))
      .map(([id, reason]) => [id.replace(/^Annotation::AwsSolutions-IAM5\[Resource::(.*)\]$/, '$1').replace('arn:<AWS::Partition>:', '').replace(':<AWS::Region>:<AWS::AccountId>:', '::'), reason]);
  const NO_RESOURCE_LEVEL =
    'actions AWS offers no resource-level permission for (ec2:DescribeAvailabilityZones, ec2:DescribeImages, ec2:DescribeInstances, ec2:DescribeInstanceTypeOfferings, ec2:DescribeInstanceTypes, ec2:DescribeInternetGateways, ec2:DescribeLaunchTemplates, ec2:DescribePlacementGroups, ec2:DescribeRegions, ec2:DescribeRouteTables, ec2:DescribeSecurityGroups, ec2:DescribeSubnets, ec2:DescribeVpcs, ecr:GetAuthorizationToken, logs:DescribeLogGroups, sts:GetCallerIdentity); reasons per action in WILDCARD_RESOURCE_ACTIONS';
  const LAUNCHED = 'Instances, volumes, key pairs and spot requests of a launch get their ids at run time; every ARN is scoped to this account and region';
  const FLEET = 'Fleets, instances and volumes of a fleet launch get their ids at run time; this account and region only';
  const TAGGED = 'Tags only inside the call that creates the resource (ec2:CreateAction), so no existing resource can be tagged';

  test('the ongoing policy', () => {
    expect(acknowledged(controlPlane().role.ongoingPolicy)).toEqual([
      ['ec2::subnet/*', "One ARN per subnet could overflow IAM's 6,144-character policy limit; the ec2:SubnetID condition limits launches to exactly the workspace's subnets"],
      ['ec2::security-group/*', "The ec2:SecurityGroupID condition limits launches to exactly the workspace's two groups"],
      ['ec2:<AWS::Region>::image/*', "AMI ids change with every Coiled release; the ec2:Owner condition limits launches to Coiled's image account"],
      ['ec2:<AWS::Region>::snapshot/*', "An AMI's snapshots change with it; the ec2:Owner condition limits them to Coiled's image account"],
      ['ec2::instance/*', LAUNCHED],
      ['ec2::volume/*', LAUNCHED],
      ['ec2::key-pair/*', LAUNCHED],
      ['ec2::spot-instances-request/*', LAUNCHED],
      ['ec2::network-interface/*', 'Network interfaces of a launch get their ids at run time; the ec2:Vpc condition limits them to this VPC'],
      ['ec2::fleet/*', FLEET],
      ['ec2::instance/*', FLEET],
      ['ec2::volume/*', FLEET],
      ['ec2::launch-template/*', 'Launch templates get their ids at run time; the tag condition limits launches to templates Coiled created (owner=coiled)'],
      ...['instance', 'volume', 'network-interface', 'spot-instances-request', 'fleet', 'launch-template'].map((t) => [`ec2::${t}/*`, TAGGED]),
      ['ec2::instance/*', 'Instance ids exist only at run time; the condition limits termination to instances tagged owner=coiled'],
      ['*', NO_RESOURCE_LEVEL],
      ['logs::log-group:demo:*', "The ':*' form of this workspace log group's ARN, which CloudWatch Logs authorizes some reads against"],
      ['logs::log-group:demo:log-stream:*', 'One log stream per VM, named at run time; only streams of this workspace log group'],
      ['ecr::repository/*', 'Pull-only, on repositories of this account and region (Coiled software environments and images users name)'],
      ['*', NO_RESOURCE_LEVEL],
      ['ec2::launch-template/*', 'Launch template ids exist only at run time; creation requires the owner=coiled tag'],
      ['ec2::launch-template/*', 'Launch template ids exist only at run time; the condition limits changes to templates tagged owner=coiled'],
      ['*', NO_RESOURCE_LEVEL],
    ]);
  });

  test('the capabilities policy, every switch on; the setup policy has no wildcard', () => {
    const { role } = controlPlane({ capabilities: { perClusterSecurityGroups: true } });
    expect(acknowledged(role.capabilitiesPolicy)).toEqual([
      ['ec2::instance/*', 'Instance ids exist only at run time; the condition limits stop/start to instances tagged owner=coiled'],
      ['ec2::placement-group/coiled-*', 'Placement groups Coiled creates per cluster, named coiled-* at run time'],
      ['ec2::placement-group/coiled-*', 'Tags coiled-* placement groups only inside CreatePlacementGroup (ec2:CreateAction)'],
      ['*', NO_RESOURCE_LEVEL],
      ['ec2::security-group/*', 'Security groups Coiled creates per cluster get their ids at run time; creation requires the owner=coiled tag'],
      ['ec2::security-group/*', 'Tags security groups only inside CreateSecurityGroup (ec2:CreateAction)'],
      ['ec2::security-group/*', "Coiled's per-cluster groups get their ids at run time; the conditions limit them to groups tagged owner=coiled in this VPC"],
      ['ecr::repository/coiled*', 'Repositories Coiled creates are named at run time; only names under the repository prefix'],
    ]);
    expect(acknowledged(role.setupPolicy)).toEqual([]);
  });
});

test('a token prefix of ECR repositories is not checked', () => {
  expect(() => controlPlane({ capabilities: { ecrRepositoryPrefix: Token.asString({ Ref: 'Prefix' }) } })).not.toThrow();
});

// Mutation testing (issue 16): the second focused run's survivors (98.2%).
describe('names, account ids and principals at their edges', () => {
  test('roleName names the role, namePrefix the policies', () => {
    const { stack } = controlPlane({ roleName: 'acme-coiled-control', namePrefix: 'acme' });
    const template = Template.fromStack(stack);
    const roleNames = Object.values<any>(template.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName);
    expect(roleNames).toContain('acme-coiled-control');
    expect(Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy')).map((p) => p.Properties.ManagedPolicyName).filter((n) => /ongoing|setup/.test(n)).sort()).toEqual([
      'acme-ongoing',
      'acme-setup',
    ]);
  });

  test('a value that is neither text nor a number gets no suggestion, even a list holding 12 digits', () => {
    expect(refusal(() => checkAccountId(plainScope('App/Ws'), 'coiledAccountId', ['077742499581'] as unknown as string)).suggestion).toBeUndefined();
  });

  test('a principal in the account coiledAccountId names is trusted', () => {
    expect(trusted({ coiledPrincipalArn: 'arn:aws:iam::111122223333:role/x', coiledAccountId: '111122223333' })).toEqual(['arn:aws:iam::111122223333:role/x']);
  });
});
