/**
 * Every statement the control plane receives, exactly (Sid, Effect, Action, Resource, Condition),
 * in both access modes and for each capability switch. The statements are built by the functions
 * of src/aws/policies.ts directly, in a stack with no environment, so every ARN shows that it
 * follows the partition, region and account it is deployed to. Mutation testing (issue 16) found
 * most actions, resources and conditions asserted only in part (toMatchObject, a few Sids) or only
 * by the authorization harness, which synthesizes whole examples before its tests start.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  COILED_AWS_ACCOUNT_ID,
  RestrictedCapabilities,
  RestrictedPolicyInputs,
  STANDARD_SETUP_ACTIONS,
  WILDCARD_RESOURCE_ACTIONS,
  restrictedCapabilityStatements,
  restrictedOngoingStatements,
  restrictedSetupStatements,
  standardOngoingStatements,
  standardSetupStatements,
} from '../../src/aws/policies';

const OFF: RestrictedCapabilities = { softwareEnvironmentImages: false, ecrRepositoryPrefix: 'coiled', stopStartInstances: false, placementGroups: false, perClusterSecurityGroups: false };
const inputs = (overrides: Partial<RestrictedPolicyInputs> = {}): RestrictedPolicyInputs => ({
  vpcId: 'vpc-1',
  subnetIds: ['subnet-1', 'subnet-2'],
  securityGroupIds: ['sg-1', 'sg-2'],
  instanceRoleArn: 'arn:aws:iam::111122223333:role/coiled-demo',
  instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/coiled-demo',
  instancePolicyArn: 'arn:aws:iam::111122223333:policy/coiled-demo',
  logGroupName: 'coiled-demo',
  amiOwnerAccountIds: [COILED_AWS_ACCOUNT_ID],
  capabilities: OFF,
  ...overrides,
});

/** A CloudFormation value as text: `Fn::Join` joined, `Ref` as `${Name}`. */
const flat = (value: any): any => {
  if (Array.isArray(value)) return value.map(flat);
  if (value === null || typeof value !== 'object') return value;
  if (value['Fn::Join']) return (value['Fn::Join'][1] as unknown[]).map(flat).join(value['Fn::Join'][0]);
  if (value.Ref !== undefined) return `\${${value.Ref}}`;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flat(v)]));
};
/** The statements as IAM receives them, ARNs flattened. */
const rendered = (build: (stack: Stack) => iam.PolicyStatement[]): any[] => {
  const stack = new Stack(new App(), 'Policies');
  return flat(stack.resolve(new iam.PolicyDocument({ statements: build(stack) }).toJSON())).Statement;
};

const EC2 = 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}';
const ec2 = (resource: string) => `${EC2}:${resource}`;
const OWNED = { StringEquals: { 'ec2:ResourceTag/owner': 'coiled' } };
const TAGGED_ON_CREATE = { StringEquals: { 'aws:RequestTag/owner': 'coiled' } };
const allow = (Sid: string, Action: string | string[], Resource: unknown, Condition?: unknown) => ({ Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });

describe('RESTRICTED ongoing policy', () => {
  test('every statement, exactly: launches in the given subnets with the given groups and Coiled images, tags at creation, changes only owner=coiled', () => {
    const logs = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:coiled-demo';
    expect(rendered((stack) => restrictedOngoingStatements(stack, inputs()))).toEqual([
      allow('RunInstancesInVpc', ['ec2:RunInstances', 'ec2:CreateFleet'], ec2('subnet/*'), { StringEquals: { 'ec2:SubnetID': ['subnet-1', 'subnet-2'] } }),
      allow('RunInstancesWorkspaceSecurityGroups', 'ec2:RunInstances', ec2('security-group/*'), { StringEquals: { 'ec2:SecurityGroupID': ['sg-1', 'sg-2'] } }),
      // Images and snapshots carry no account in their ARN: the owner condition is the scope.
      allow('RunInstancesImage', ['ec2:RunInstances', 'ec2:CreateFleet'], 'arn:${AWS::Partition}:ec2:${AWS::Region}::image/*', { StringEquals: { 'ec2:Owner': COILED_AWS_ACCOUNT_ID } }),
      allow('RunInstancesImageSnapshots', 'ec2:RunInstances', 'arn:${AWS::Partition}:ec2:${AWS::Region}::snapshot/*', { StringEquals: { 'ec2:Owner': COILED_AWS_ACCOUNT_ID } }),
      allow('RemainingRunInstancePermissions', 'ec2:RunInstances', [ec2('instance/*'), ec2('volume/*'), ec2('key-pair/*'), ec2('spot-instances-request/*')]),
      allow('RunInstancesNetworkInterfacesInVpc', 'ec2:RunInstances', ec2('network-interface/*'), { StringEquals: { 'ec2:Vpc': ec2('vpc/vpc-1') } }),
      allow('CreateFleetResources', 'ec2:CreateFleet', [ec2('fleet/*'), ec2('instance/*'), ec2('volume/*')]),
      allow('LaunchFromCoiledLaunchTemplates', ['ec2:RunInstances', 'ec2:CreateFleet'], ec2('launch-template/*'), OWNED),
      allow(
        'TagLaunchedResources',
        'ec2:CreateTags',
        ['instance', 'volume', 'network-interface', 'spot-instances-request', 'fleet', 'launch-template'].map((t) => ec2(`${t}/*`)),
        { StringEquals: { 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] } },
      ),
      allow('TerminateInstances', 'ec2:TerminateInstances', ec2('instance/*'), OWNED),
      allow('PassRole', 'iam:PassRole', 'arn:aws:iam::111122223333:role/coiled-demo', { StringEquals: { 'iam:PassedToService': 'ec2.${AWS::URLSuffix}' } }),
      allow('LoggingDescribe', 'logs:DescribeLogGroups', '*'),
      allow('LoggingRead', ['logs:DescribeLogStreams', 'logs:FilterLogEvents'], [logs, `${logs}:*`]),
      allow('LoggingReadStreams', 'logs:GetLogEvents', `${logs}:log-stream:*`),
      allow('ECRAccess', ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*'),
      allow('ECRToken', 'ecr:GetAuthorizationToken', '*'),
      allow('CreateLaunchTemplates', 'ec2:CreateLaunchTemplate', ec2('launch-template/*'), TAGGED_ON_CREATE),
      allow('LaunchTemplateManagement', ['ec2:CreateLaunchTemplateVersion', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'], ec2('launch-template/*'), OWNED),
      allow('ReadInstanceProfile', 'iam:GetInstanceProfile', 'arn:aws:iam::111122223333:instance-profile/coiled-demo'),
      allow(
        'EverythingElse',
        [
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeInternetGateways',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribeRegions',
          'ec2:DescribeRouteTables',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'sts:GetCallerIdentity',
        ],
        '*',
      ),
    ]);
  });

  test('one AMI owner is a single value, several a list, a list known only at deploy the list, in both image statements', () => {
    const owners = (amiOwnerAccountIds: string[]) =>
      rendered((stack) => restrictedOngoingStatements(stack, inputs({ amiOwnerAccountIds })))
        .filter((s) => s.Sid.startsWith('RunInstancesImage'))
        .map((s) => s.Condition.StringEquals['ec2:Owner']);
    expect(owners(['111122223333'])).toEqual(['111122223333', '111122223333']);
    expect(owners(['111122223333', '444455556666'])).toEqual([
      ['111122223333', '444455556666'],
      ['111122223333', '444455556666'],
    ]);
    // An encoded list token is one element: taken as a single owner it would be a list token in a string.
    expect(owners(Token.asList({ Ref: 'Owners' }))).toEqual(['${Owners}', '${Owners}']);
  });

  test('the actions on Resource "*" are exactly the allow-listed ones, placement groups\' Describe only with its switch', () => {
    const all = { ...OFF, softwareEnvironmentImages: true, stopStartInstances: true, placementGroups: true, perClusterSecurityGroups: true };
    const wildcard = (capabilities: RestrictedCapabilities) =>
      rendered((stack) => [...restrictedOngoingStatements(stack, inputs({ capabilities })), ...restrictedCapabilityStatements(stack, inputs({ capabilities }))])
        .filter((s) => s.Resource === '*')
        .flatMap((s) => [s.Action].flat())
        .sort();
    expect(wildcard(all)).toEqual(Object.keys(WILDCARD_RESOURCE_ACTIONS).sort());
    expect(wildcard(OFF)).toEqual(Object.keys(WILDCARD_RESOURCE_ACTIONS).filter((a) => a !== 'ec2:DescribePlacementGroups').sort());
  });
});

describe('RESTRICTED capability statements', () => {
  test('all switches off: none', () => {
    expect(restrictedCapabilityStatements(new Stack(new App(), 'Policies'), inputs())).toEqual([]);
  });

  test.each([
    ['stopStartInstances', [allow('StopStartInstances', ['ec2:StopInstances', 'ec2:StartInstances'], ec2('instance/*'), OWNED)]],
    [
      'placementGroups',
      [
        allow('PlacementGroups', ['ec2:CreatePlacementGroup', 'ec2:DeletePlacementGroup', 'ec2:RunInstances', 'ec2:CreateFleet'], ec2('placement-group/coiled-*')),
        allow('TagPlacementGroupsOnCreate', 'ec2:CreateTags', ec2('placement-group/coiled-*'), { StringEquals: { 'ec2:CreateAction': 'CreatePlacementGroup' } }),
        allow('DescribePlacementGroups', 'ec2:DescribePlacementGroups', '*'),
      ],
    ],
    [
      'perClusterSecurityGroups',
      [
        allow('NetworkCreateSecurityGroupInVpc', 'ec2:CreateSecurityGroup', ec2('vpc/vpc-1')),
        allow('CreateTaggedSecurityGroups', 'ec2:CreateSecurityGroup', ec2('security-group/*'), TAGGED_ON_CREATE),
        allow('TagSecurityGroupsOnCreate', 'ec2:CreateTags', ec2('security-group/*'), { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } }),
        allow('CoiledSecurityGroups', ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:DeleteSecurityGroup', 'ec2:RunInstances'], ec2('security-group/*'), {
          StringEquals: { 'ec2:ResourceTag/owner': 'coiled', 'ec2:Vpc': ec2('vpc/vpc-1') },
        }),
        // The workspace's own groups, whatever their tags: a Deny wins over the Allow above.
        {
          Sid: 'ProtectWorkspaceSecurityGroups',
          Effect: 'Deny',
          Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:DeleteSecurityGroup'],
          Resource: [ec2('security-group/sg-1'), ec2('security-group/sg-2')],
        },
      ],
    ],
    [
      'softwareEnvironmentImages',
      [
        allow(
          'ECRPushToCoiledRepositories',
          [
            'ecr:CreateRepository',
            'ecr:TagResource',
            'ecr:InitiateLayerUpload',
            'ecr:UploadLayerPart',
            'ecr:CompleteLayerUpload',
            'ecr:PutImage',
            'ecr:DescribeRepositories',
            'ecr:DescribeImages',
            'ecr:ListImages',
            'ecr:GetRepositoryPolicy',
          ],
          'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/coiled*',
        ),
      ],
    ],
  ] as const)('%s alone: exactly its statements', (capability, expected) => {
    expect(rendered((stack) => restrictedCapabilityStatements(stack, inputs({ capabilities: { ...OFF, [capability]: true } })))).toEqual(expected);
  });

  test('every switch on: stop/start, placement groups, per-cluster groups, then images, in that order', () => {
    const all = { ...OFF, softwareEnvironmentImages: true, stopStartInstances: true, placementGroups: true, perClusterSecurityGroups: true };
    expect(rendered((stack) => restrictedCapabilityStatements(stack, inputs({ capabilities: all }))).map((s) => s.Sid)).toEqual([
      'StopStartInstances',
      'PlacementGroups',
      'TagPlacementGroupsOnCreate',
      'DescribePlacementGroups',
      'NetworkCreateSecurityGroupInVpc',
      'CreateTaggedSecurityGroups',
      'TagSecurityGroupsOnCreate',
      'CoiledSecurityGroups',
      'ProtectWorkspaceSecurityGroups',
      'ECRPushToCoiledRepositories',
    ]);
  });

  test('the repository prefix, literal or known only at deploy time, starts the repository name', () => {
    const resource = (ecrRepositoryPrefix: string) =>
      rendered((stack) => restrictedCapabilityStatements(stack, inputs({ capabilities: { ...OFF, softwareEnvironmentImages: true, ecrRepositoryPrefix } })))[0].Resource;
    expect(resource('platform/coiled-')).toBe('arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/platform/coiled-*');
    expect(resource(Token.asString({ Ref: 'Prefix' }))).toBe('arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${Prefix}*');
  });
});

test('RESTRICTED setup policy: reads of the role, policy and profile this stack built, nothing else', () => {
  expect(rendered(() => restrictedSetupStatements(inputs()))).toEqual([
    allow('setup', 'iam:GetRole', 'arn:aws:iam::111122223333:role/coiled-demo'),
    allow('policy', 'iam:GetPolicy', 'arn:aws:iam::111122223333:policy/coiled-demo'),
    allow('instanceprofile', 'iam:GetInstanceProfile', 'arn:aws:iam::111122223333:instance-profile/coiled-demo'),
    allow('listrolepolicies', 'iam:ListAttachedRolePolicies', 'arn:aws:iam::111122223333:role/coiled-demo'),
  ]);
});

describe("STANDARD: `coiled setup aws`'s policies, verbatim (coiled-contract §3.3, §3.4)", () => {
  test('setup: the 29 actions on "*"', () => {
    expect(rendered(() => standardSetupStatements())).toEqual([
      allow(
        'Setup',
        [
          'ec2:AssociateRouteTable',
          'ec2:AttachInternetGateway',
          'ec2:CreateInternetGateway',
          'ec2:CreateRoute',
          'ec2:CreateRouteTable',
          'ec2:CreateSubnet',
          'ec2:CreateVpc',
          'ec2:DeleteInternetGateway',
          'ec2:DeleteRoute',
          'ec2:DeleteRouteTable',
          'ec2:DeleteSubnet',
          'ec2:DeleteVpc',
          'ec2:DetachInternetGateway',
          'ec2:DisassociateRouteTable',
          'ec2:ModifySubnetAttribute',
          'ec2:ModifyVpcAttribute',
          'iam:AddRoleToInstanceProfile',
          'iam:AttachRolePolicy',
          'iam:CreateInstanceProfile',
          'iam:CreatePolicy',
          'iam:CreateRole',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteRole',
          'iam:GetPolicy',
          'iam:ListAttachedRolePolicies',
          'iam:ListInstanceProfiles',
          'iam:TagInstanceProfile',
          'iam:TagPolicy',
          'iam:TagRole',
        ],
        '*',
      ),
    ]);
    expect(STANDARD_SETUP_ACTIONS).toEqual(rendered(() => standardSetupStatements())[0].Action);
  });

  test('ongoing: every statement, exactly', () => {
    expect(rendered(() => standardOngoingStatements())).toEqual([
      allow(
        'Ongoing',
        [
          'ec2:AuthorizeSecurityGroupEgress',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:CreateFleet',
          'ec2:CreateLaunchTemplate',
          'ec2:CreateLaunchTemplateVersion',
          'ec2:CreateSecurityGroup',
          'ec2:CreateTags',
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeInternetGateways',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribeRegions',
          'ec2:DescribeRouteTables',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'ec2:ModifyInstanceAttribute',
          'ec2:RunInstances',
          'ec2:StartInstances',
          'ec2:StopInstances',
          'iam:ListPolicies',
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogGroups',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
          'logs:PutRetentionPolicy',
          'logs:TagLogGroup',
          'logs:TagResource',
        ],
        '*',
      ),
      allow('OngoingInstanceProfile', 'iam:GetInstanceProfile', 'arn:*:iam::*:instance-profile/coiled-*'),
      allow('OngoingAttachInstancePolicy', ['iam:GetRole', 'iam:PassRole'], 'arn:*:iam::*:role/coiled-*'),
      allow('OngoingDestructive', ['ec2:DeleteFleets', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions', 'ec2:DeleteSecurityGroup', 'ec2:TerminateInstances'], '*', OWNED),
      allow('OngoingPlacementGroupPolicy', ['ec2:CreatePlacementGroup', 'ec2:DescribePlacementGroups', 'ec2:DeletePlacementGroup'], 'arn:*:ec2:*:*:placement-group/coiled-*'),
      allow('OptionalLogPull', ['logs:GetLogEvents', 'logs:FilterLogEvents'], '*'),
      allow(
        'OptionalECR',
        [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:CreateRepository',
          'ecr:DescribeImages',
          'ecr:DescribeRepositories',
          'ecr:GetAuthorizationToken',
          'ecr:GetDownloadUrlForLayer',
          'ecr:GetRepositoryPolicy',
          'ecr:InitiateLayerUpload',
          'ecr:ListImages',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
          'ecr:TagResource',
        ],
        '*',
      ),
      allow('OngoingPersistentDataBuckets', ['s3:CreateBucket', 's3:ListBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy'], 'arn:*:s3:::coiled-data-*'),
      allow('OngoingPersistentDataObjects', ['s3:PutObject', 's3:GetObject'], 'arn:*:s3:::coiled-data-*/*'),
    ]);
  });
});

test('docs/permissions.md gives each action on Resource "*" with the reason the code records for it', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/permissions.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Actions on `Resource: "*"`, and why'));
  const rows = Object.entries(WILDCARD_RESOURCE_ACTIONS).map(([action, why]) => `| \`${action}\` | ${why} |`);
  expect(rows.filter((row) => !section.includes(row))).toEqual([]);
  expect(rows).toHaveLength(16);
});
