/**
 * The IAM statements Coiled's control plane receives, in both access modes.
 *
 * RESTRICTED follows Coiled's Terraform template (coiled-contract §2.8, §2.9) with its defects
 * fixed and every grant scoped as tightly as AWS's authorization model allows (the tests simulate
 * it against AWS's Service Authorization Reference: test/harness/authorization): launches only into
 * the workspace's subnets with its groups and Coiled's images; tags only at creation; terminates,
 * stops and changes only what carries owner=coiled; `iam:PassRole` only of the workspace's
 * instance role, only to EC2 of the stack's partition; logs of this workspace only. Optional
 * Coiled features are capability switches, each adding only its own statements.
 *
 * STANDARD is `coiled setup aws` verbatim (coiled-contract §3.3, §3.4, coiled 1.130.4): Coiled
 * builds networks, roles and log groups itself, so it needs the CLI's wide setup policy.
 */
import { ArnFormat, Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Actions granted on `Resource: "*"` in RESTRICTED mode, each with the reason. Nothing else may
 * use `*`: the least-privilege test reads this list, and the authorization tests check that AWS's
 * own model offers each of these actions no resource to scope by.
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  'ec2:DescribeAvailabilityZones': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeImages': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInstances': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInstanceTypeOfferings': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInstanceTypes': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInternetGateways': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeLaunchTemplates': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribePlacementGroups': 'EC2 Describe* actions support no resource-level permissions (placement groups capability only)',
  'ec2:DescribeRegions': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeRouteTables': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeSecurityGroups': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeSubnets': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeVpcs': 'EC2 Describe* actions support no resource-level permissions',
  'ecr:GetAuthorizationToken': 'ECR issues registry tokens account-wide; the action takes no resource',
  'logs:DescribeLogGroups': 'lists log groups and takes no resource; Coiled finds the workspace log group with it (template statement LoggingDescribe)',
  'sts:GetCallerIdentity': 'takes no resource and needs no permission to succeed; listed for parity with the template',
};

/**
 * The Describe calls of the template's EverythingElse statement (placement groups have their own
 * switch). Built per call, as are the tag conditions below: a table built at load cannot be told
 * apart by the tests that use it (mutation testing attributes code run at load to no test).
 */
function everythingElseActions(): string[] {
  return Object.keys(WILDCARD_RESOURCE_ACTIONS).filter((a) => (a.startsWith('ec2:Describe') && a !== 'ec2:DescribePlacementGroups') || a === 'sts:GetCallerIdentity');
}

/** Coiled's AWS account (coiled-contract §2.2: the template's default, "do not change unless told"). */
export const COILED_AWS_ACCOUNT_ID = '077742499581';

/**
 * The tag Coiled sets on what it creates. `coiled setup aws` lets Coiled delete and terminate only
 * what carries it (coiled-contract §3.4, OngoingDestructive), so Coiled sets it at creation.
 */
export const COILED_OWNER_TAG = { key: 'owner', value: 'coiled' };
const ownedByCoiled = () => ({ [`ec2:ResourceTag/${COILED_OWNER_TAG.key}`]: COILED_OWNER_TAG.value });
const taggedForCoiledOnCreate = () => ({ [`aws:RequestTag/${COILED_OWNER_TAG.key}`]: COILED_OWNER_TAG.value });

/** Placement groups Coiled creates are named `coiled-*` (coiled-contract §3.4, OngoingPlacementGroupPolicy). */
export const COILED_PLACEMENT_GROUP_PATTERN = 'coiled-*';

/** Default name prefix of the ECR repositories Coiled may create and push to. */
export const DEFAULT_ECR_REPOSITORY_PREFIX = 'coiled';

/** Which optional Coiled features RESTRICTED grants (see ControlPlaneCapabilities). */
export interface RestrictedCapabilities {
  readonly softwareEnvironmentImages: boolean;
  readonly ecrRepositoryPrefix: string;
  readonly stopStartInstances: boolean;
  readonly placementGroups: boolean;
  readonly perClusterSecurityGroups: boolean;
}

export interface RestrictedPolicyInputs {
  readonly vpcId: string;
  /** Every subnet Coiled may launch into. */
  readonly subnetIds: string[];
  /** The workspace's scheduler and cluster groups: Coiled launches with them and never changes them. */
  readonly securityGroupIds: string[];
  readonly instanceRoleArn: string;
  readonly instanceProfileArn: string;
  readonly instancePolicyArn: string;
  readonly logGroupName: string;
  readonly amiOwnerAccountIds: string[];
  readonly capabilities: RestrictedCapabilities;
}

/**
 * Statements of the ongoing policy in RESTRICTED mode: what Coiled's Terraform template grants,
 * scoped as tightly as AWS's authorization model allows. The capability switches' statements are
 * in {@link restrictedCapabilityStatements}.
 */
export function restrictedOngoingStatements(stack: Stack, inputs: RestrictedPolicyInputs): iam.PolicyStatement[] {
  const ec2Arn = ec2ArnOf(stack);
  const vpcArn = ec2Arn('vpc', inputs.vpcId);
  const logGroup = (name: string) => stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

  return [
    new iam.PolicyStatement({
      // Exactly the subnets the workspace hands to Coiled: never another subnet of a shared VPC.
      // (By id: a policy holds 6,144 characters and a VPC may hand over dozens of subnets.)
      sid: 'RunInstancesInVpc',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2Arn('subnet')],
      conditions: { StringEquals: { 'ec2:SubnetID': inputs.subnetIds } },
    }),
    new iam.PolicyStatement({
      sid: 'RunInstancesWorkspaceSecurityGroups',
      actions: ['ec2:RunInstances'],
      resources: [ec2Arn('security-group')],
      conditions: { StringEquals: { 'ec2:SecurityGroupID': inputs.securityGroupIds } },
    }),
    new iam.PolicyStatement({
      sid: 'RunInstancesImage',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2Arn('image', '*', '')],
      conditions: { StringEquals: { 'ec2:Owner': ownerCondition(inputs.amiOwnerAccountIds) } },
    }),
    new iam.PolicyStatement({
      // An AMI's snapshots belong to the AMI's owner and live in its region (the template
      // hard-coded us-east-1).
      sid: 'RunInstancesImageSnapshots',
      actions: ['ec2:RunInstances'],
      resources: [ec2Arn('snapshot', '*', '')],
      conditions: { StringEquals: { 'ec2:Owner': ownerCondition(inputs.amiOwnerAccountIds) } },
    }),
    new iam.PolicyStatement({
      // What a launch creates, with ids known only at run time.
      sid: 'RemainingRunInstancePermissions',
      actions: ['ec2:RunInstances'],
      resources: [ec2Arn('instance'), ec2Arn('volume'), ec2Arn('key-pair'), ec2Arn('spot-instances-request')],
    }),
    new iam.PolicyStatement({
      sid: 'RunInstancesNetworkInterfacesInVpc',
      actions: ['ec2:RunInstances'],
      resources: [ec2Arn('network-interface')],
      conditions: { StringEquals: { 'ec2:Vpc': vpcArn } },
    }),
    new iam.PolicyStatement({
      sid: 'CreateFleetResources',
      actions: ['ec2:CreateFleet'],
      resources: [ec2Arn('fleet'), ec2Arn('instance'), ec2Arn('volume')],
    }),
    new iam.PolicyStatement({
      sid: 'LaunchFromCoiledLaunchTemplates',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2Arn('launch-template')],
      conditions: { StringEquals: ownedByCoiled() },
    }),
    new iam.PolicyStatement({
      // Tags only as part of the call that creates the resource: Coiled can never tag an existing
      // instance owner=coiled and then terminate it.
      sid: 'TagLaunchedResources',
      actions: ['ec2:CreateTags'],
      resources: [ec2Arn('instance'), ec2Arn('volume'), ec2Arn('network-interface'), ec2Arn('spot-instances-request'), ec2Arn('fleet'), ec2Arn('launch-template')],
      conditions: { StringEquals: { 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] } },
    }),
    new iam.PolicyStatement({
      sid: 'TerminateInstances',
      actions: ['ec2:TerminateInstances'],
      resources: [ec2Arn('instance')],
      conditions: { StringEquals: ownedByCoiled() },
    }),
    new iam.PolicyStatement({
      // AWS sends the partition's service principal: ec2.amazonaws.com, ec2.amazonaws.com.cn in China.
      sid: 'PassRole',
      actions: ['iam:PassRole'],
      resources: [inputs.instanceRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': `ec2.${Aws.URL_SUFFIX}` } },
    }),
    new iam.PolicyStatement({
      sid: 'LoggingDescribe',
      actions: ['logs:DescribeLogGroups'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      // CloudWatch Logs authorizes some reads against the bare log-group ARN, others against the
      // `:*` form its API reports: both, for this log group only.
      sid: 'LoggingRead',
      actions: ['logs:DescribeLogStreams', 'logs:FilterLogEvents'],
      resources: [logGroup(inputs.logGroupName), logGroup(`${inputs.logGroupName}:*`)],
    }),
    new iam.PolicyStatement({
      sid: 'LoggingReadStreams',
      actions: ['logs:GetLogEvents'],
      resources: [logGroup(`${inputs.logGroupName}:log-stream:*`)],
    }),
    new iam.PolicyStatement({
      // Pull from any repository of this account and region: Coiled's, and images users name with container=.
      sid: 'ECRAccess',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: '*' })],
    }),
    new iam.PolicyStatement({
      sid: 'ECRToken',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'CreateLaunchTemplates',
      actions: ['ec2:CreateLaunchTemplate'],
      resources: [ec2Arn('launch-template')],
      conditions: { StringEquals: taggedForCoiledOnCreate() },
    }),
    new iam.PolicyStatement({
      // Only Coiled's templates: a new version of someone else's would reach every Auto Scaling
      // group that launches its $Latest.
      sid: 'LaunchTemplateManagement',
      actions: ['ec2:CreateLaunchTemplateVersion', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'],
      resources: [ec2Arn('launch-template')],
      conditions: { StringEquals: ownedByCoiled() },
    }),
    new iam.PolicyStatement({
      sid: 'ReadInstanceProfile',
      actions: ['iam:GetInstanceProfile'],
      resources: [inputs.instanceProfileArn],
    }),
    new iam.PolicyStatement({
      sid: 'EverythingElse',
      actions: everythingElseActions(),
      resources: ['*'],
    }),
  ];
}

/** Statements of the capability switches that are on, each switch's own (none when all are off). */
export function restrictedCapabilityStatements(stack: Stack, inputs: RestrictedPolicyInputs): iam.PolicyStatement[] {
  const ec2Arn = ec2ArnOf(stack);
  const caps = inputs.capabilities;
  return [
    ...(caps.stopStartInstances ? stopStartStatements(ec2Arn) : []),
    ...(caps.placementGroups ? placementGroupStatements(ec2Arn) : []),
    ...(caps.perClusterSecurityGroups ? securityGroupStatements(ec2Arn, ec2Arn('vpc', inputs.vpcId), inputs.securityGroupIds) : []),
    ...(caps.softwareEnvironmentImages ? imageStatements(stack, caps.ecrRepositoryPrefix) : []),
  ];
}

type Ec2Arn = (resource: string, resourceName?: string, account?: string) => string;

function ec2ArnOf(stack: Stack): Ec2Arn {
  return (resource, resourceName = '*', account) => stack.formatArn({ service: 'ec2', resource, resourceName, account });
}

function ownerCondition(owners: string[]): string | string[] {
  // A list known only at deploy time is one element here (its encoded token): it stays a list.
  return owners.length === 1 && !Token.isUnresolved(owners) ? owners[0] : owners;
}

/** Coiled's stop/start of clusters: only instances it launched. */
function stopStartStatements(ec2Arn: Ec2Arn): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'StopStartInstances',
      actions: ['ec2:StopInstances', 'ec2:StartInstances'],
      resources: [ec2Arn('instance')],
      conditions: { StringEquals: ownedByCoiled() },
    }),
  ];
}

/** `use_placement_group`: groups named coiled-*, created, tagged at creation, launched into, deleted. */
function placementGroupStatements(ec2Arn: Ec2Arn): iam.PolicyStatement[] {
  const coiledGroups = ec2Arn('placement-group', COILED_PLACEMENT_GROUP_PATTERN);
  return [
    new iam.PolicyStatement({
      sid: 'PlacementGroups',
      actions: ['ec2:CreatePlacementGroup', 'ec2:DeletePlacementGroup', 'ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [coiledGroups],
    }),
    new iam.PolicyStatement({
      sid: 'TagPlacementGroupsOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [coiledGroups],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreatePlacementGroup' } },
    }),
    new iam.PolicyStatement({
      sid: 'DescribePlacementGroups',
      actions: ['ec2:DescribePlacementGroups'],
      resources: ['*'],
    }),
  ];
}

/**
 * Per-cluster security groups: created in this VPC only and tagged owner=coiled at creation;
 * opened, launched with and deleted only while they carry that tag and sit in this VPC; the
 * workspace's own groups never, whatever their tags.
 */
function securityGroupStatements(ec2Arn: Ec2Arn, vpcArn: string, workspaceGroups: string[]): iam.PolicyStatement[] {
  const mutations = ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:DeleteSecurityGroup'];
  return [
    new iam.PolicyStatement({
      sid: 'NetworkCreateSecurityGroupInVpc',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [vpcArn],
    }),
    new iam.PolicyStatement({
      sid: 'CreateTaggedSecurityGroups',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [ec2Arn('security-group')],
      conditions: { StringEquals: taggedForCoiledOnCreate() },
    }),
    new iam.PolicyStatement({
      sid: 'TagSecurityGroupsOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [ec2Arn('security-group')],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    }),
    new iam.PolicyStatement({
      sid: 'CoiledSecurityGroups',
      actions: [...mutations, 'ec2:RunInstances'],
      resources: [ec2Arn('security-group')],
      conditions: { StringEquals: { ...ownedByCoiled(), 'ec2:Vpc': vpcArn } },
    }),
    new iam.PolicyStatement({
      sid: 'ProtectWorkspaceSecurityGroups',
      effect: iam.Effect.DENY,
      actions: mutations,
      resources: workspaceGroups.map((id) => ec2Arn('security-group', id)),
    }),
  ];
}

/**
 * Software-environment images kept in this account's ECR: create, tag and push only under the
 * repository prefix. AWS's authorization model offers no resource tag for ECR's push actions, so
 * the name is the only scope; Coiled never deletes images, so nothing here deletes.
 */
function imageStatements(stack: Stack, prefix: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ECRPushToCoiledRepositories',
      actions: [
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
      resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${prefix}*` })],
    }),
  ];
}

/** Statements of the setup policy in RESTRICTED mode: read-only checks of what this stack built. */
export function restrictedSetupStatements(inputs: RestrictedPolicyInputs): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'setup', actions: ['iam:GetRole'], resources: [inputs.instanceRoleArn] }),
    new iam.PolicyStatement({ sid: 'policy', actions: ['iam:GetPolicy'], resources: [inputs.instancePolicyArn] }),
    new iam.PolicyStatement({ sid: 'instanceprofile', actions: ['iam:GetInstanceProfile'], resources: [inputs.instanceProfileArn] }),
    new iam.PolicyStatement({ sid: 'listrolepolicies', actions: ['iam:ListAttachedRolePolicies'], resources: [inputs.instanceRoleArn] }),
  ];
}

/** `coiled setup aws` setup policy, verbatim (coiled-contract §3.3). */
export const STANDARD_SETUP_ACTIONS = [
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
];

export function standardSetupStatements(): iam.PolicyStatement[] {
  return [new iam.PolicyStatement({ sid: 'Setup', actions: STANDARD_SETUP_ACTIONS, resources: ['*'] })];
}

/** `coiled setup aws` ongoing policy with its defaults (ECR on, no custom bucket prefix), verbatim (coiled-contract §3.4). */
export function standardOngoingStatements(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'Ongoing',
      actions: [
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
      resources: ['*'],
    }),
    new iam.PolicyStatement({ sid: 'OngoingInstanceProfile', actions: ['iam:GetInstanceProfile'], resources: ['arn:*:iam::*:instance-profile/coiled-*'] }),
    new iam.PolicyStatement({ sid: 'OngoingAttachInstancePolicy', actions: ['iam:GetRole', 'iam:PassRole'], resources: ['arn:*:iam::*:role/coiled-*'] }),
    new iam.PolicyStatement({
      sid: 'OngoingDestructive',
      actions: ['ec2:DeleteFleets', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions', 'ec2:DeleteSecurityGroup', 'ec2:TerminateInstances'],
      resources: ['*'],
      conditions: { StringEquals: { 'ec2:ResourceTag/owner': 'coiled' } },
    }),
    new iam.PolicyStatement({
      sid: 'OngoingPlacementGroupPolicy',
      actions: ['ec2:CreatePlacementGroup', 'ec2:DescribePlacementGroups', 'ec2:DeletePlacementGroup'],
      resources: ['arn:*:ec2:*:*:placement-group/coiled-*'],
    }),
    new iam.PolicyStatement({ sid: 'OptionalLogPull', actions: ['logs:GetLogEvents', 'logs:FilterLogEvents'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'OptionalECR',
      actions: [
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
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'OngoingPersistentDataBuckets',
      actions: ['s3:CreateBucket', 's3:ListBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy'],
      resources: ['arn:*:s3:::coiled-data-*'],
    }),
    new iam.PolicyStatement({ sid: 'OngoingPersistentDataObjects', actions: ['s3:PutObject', 's3:GetObject'], resources: ['arn:*:s3:::coiled-data-*/*'] }),
  ];
}
