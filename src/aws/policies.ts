/**
 * The IAM statements Coiled's control plane receives, in both access modes.
 *
 * RESTRICTED follows Coiled's Terraform template (coiled-contract §2.8, §2.9) with its defects
 * fixed (§2.11): the `ec2:Vpc` condition is a real `ec2` ARN; no region is hard-coded; every ARN is
 * built with the partition, region and account of the stack; statements whose actions support
 * resource-level permissions are scoped to this account and region; `iam:PassRole` reaches only
 * the workspace's instance role and only for EC2.
 *
 * STANDARD is `coiled setup aws` verbatim (coiled-contract §3.3, §3.4, coiled 1.130.4): Coiled
 * builds networks, roles and log groups itself, so it needs the CLI's wide setup policy.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Actions granted on `Resource: "*"` in RESTRICTED mode, each with the reason. Nothing else may
 * use `*`: the least-privilege test reads this list.
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  'ec2:DescribeAvailabilityZones': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeImages': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInstances': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInstanceTypeOfferings': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInstanceTypes': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeInternetGateways': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeLaunchTemplates': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeRegions': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeRouteTables': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeSecurityGroups': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeSubnets': 'EC2 Describe* actions support no resource-level permissions',
  'ec2:DescribeVpcs': 'EC2 Describe* actions support no resource-level permissions',
  'ecr:GetAuthorizationToken': 'ECR issues registry tokens account-wide; the action takes no resource',
  'logs:DescribeLogGroups': 'lists log groups; Coiled finds the workspace log group with it (template statement LoggingDescribe)',
  'sts:GetCallerIdentity': 'takes no resource and needs no permission to succeed; listed for parity with the template',
};

/** Coiled's AWS account (coiled-contract §2.2: the template's default, "do not change unless told"). */
export const COILED_AWS_ACCOUNT_ID = '077742499581';

export interface RestrictedPolicyInputs {
  readonly vpcId: string;
  readonly instanceRoleArn: string;
  readonly instanceProfileArn: string;
  readonly instancePolicyArn: string;
  readonly logGroupName: string;
  readonly amiOwnerAccountIds: string[];
}

/** Statements of the ongoing policy in RESTRICTED mode. */
export function restrictedOngoingStatements(stack: Stack, inputs: RestrictedPolicyInputs): iam.PolicyStatement[] {
  const ec2Arn = (resource: string, resourceName = '*', account?: string) => stack.formatArn({ service: 'ec2', resource, resourceName, account });
  const vpcArn = ec2Arn('vpc', inputs.vpcId);
  const inThisVpc = { StringEquals: { 'ec2:Vpc': vpcArn } };
  // RunInstances and CreateFleet authorise every resource a launch touches; CreateFleet also
  // checks the fleet itself. Coiled launches through both (template statements Fleet and RunInstances*).
  const launch = ['ec2:RunInstances', 'ec2:CreateFleet'];
  const logGroupStreams = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `${inputs.logGroupName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

  return [
    new iam.PolicyStatement({
      sid: 'NetworkCreateSecurityGroupInVpc',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [vpcArn],
    }),
    new iam.PolicyStatement({
      // The template's "Network" statement, with a VPC ARN that can match (its ARN lacked the
      // `ec2` service, so these actions were silently denied).
      sid: 'Network',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup'],
      resources: [ec2Arn('security-group')],
      conditions: inThisVpc,
    }),
    new iam.PolicyStatement({
      sid: 'RunInstancesInVpc',
      actions: launch,
      resources: [ec2Arn('subnet')],
      conditions: inThisVpc,
    }),
    new iam.PolicyStatement({
      sid: 'RunInstancesImage',
      actions: launch,
      resources: [ec2Arn('image', '*', '')],
      conditions: { StringEquals: { 'ec2:Owner': inputs.amiOwnerAccountIds.length === 1 ? inputs.amiOwnerAccountIds[0] : inputs.amiOwnerAccountIds } },
    }),
    new iam.PolicyStatement({
      sid: 'RemainingRunInstancePermissions',
      actions: launch,
      resources: [
        ec2Arn('instance'),
        ec2Arn('volume'),
        // AMI snapshots live in the region of the AMI: this region (the template hard-coded us-east-1).
        ec2Arn('snapshot', '*', ''),
        ec2Arn('network-interface'),
        ec2Arn('key-pair'),
        ec2Arn('security-group'),
        ec2Arn('launch-template'),
        ec2Arn('fleet'),
        ec2Arn('spot-instances-request'),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'TerminateInstances',
      actions: ['ec2:TerminateInstances'],
      resources: [ec2Arn('instance')],
      conditions: { StringEquals: { 'ec2:ResourceTag/owner': 'coiled' } },
    }),
    new iam.PolicyStatement({
      sid: 'PassRole',
      actions: ['iam:PassRole'],
      resources: [inputs.instanceRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      sid: 'LoggingDescribe',
      actions: ['logs:DescribeLogGroups'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'LoggingRead',
      actions: ['logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents'],
      resources: [logGroupStreams],
    }),
    new iam.PolicyStatement({
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
      sid: 'LaunchTemplateManagement',
      actions: ['ec2:CreateLaunchTemplate', 'ec2:CreateLaunchTemplateVersion', 'ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'],
      resources: [ec2Arn('launch-template')],
    }),
    new iam.PolicyStatement({
      // The template granted CreateTags on "*"; tagging is needed only on what Coiled launches.
      sid: 'TagLaunchedResources',
      actions: ['ec2:CreateTags'],
      resources: [
        ec2Arn('instance'),
        ec2Arn('volume'),
        ec2Arn('network-interface'),
        ec2Arn('launch-template'),
        ec2Arn('security-group'),
        ec2Arn('fleet'),
        ec2Arn('spot-instances-request'),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'ReadInstanceProfile',
      actions: ['iam:GetInstanceProfile'],
      resources: [inputs.instanceProfileArn],
    }),
    new iam.PolicyStatement({
      sid: 'EverythingElse',
      actions: Object.keys(WILDCARD_RESOURCE_ACTIONS).filter((a) => a.startsWith('ec2:Describe') || a === 'sts:GetCallerIdentity'),
      resources: ['*'],
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
