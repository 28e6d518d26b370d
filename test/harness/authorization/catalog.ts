/**
 * What Coiled's control plane does in a customer's AWS account, written as the authorization
 * checks AWS makes for each call, and what it must never be able to do. Data, with the expected
 * answer per access mode; authorization.test.ts simulates every entry against every example.
 *
 * Sources for what Coiled calls: Coiled's Terraform template and `coiled setup aws` (coiled 1.130.4),
 * whose action lists are the evidence of which APIs Coiled uses (coiled-contract §2.8, §3.4); the
 * resources and context keys of each call are AWS's (Service Authorization Reference, and the EC2
 * guide's "launch an instance" / "tag on create" authorization rules). RESTRICTED grants no action
 * that neither of those lists.
 *
 * Assumptions, written where they matter: Coiled tags what it creates `owner=coiled` at creation
 * (the CLI's destructive statement deletes and terminates only what carries that tag, so Coiled must
 * set it), and names placement groups `coiled-*` (the CLI's placement-group statement).
 */
import { Check } from './authorizer';
import { ResolvedTemplate, WorkspaceFacts } from './template';

export type Mode = 'RESTRICTED' | 'STANDARD';
export type Answer = 'allow' | 'deny';

/** RESTRICTED's capability switches (ControlPlaneCapabilities), by prop name. */
export type Capability = 'softwareEnvironmentImages' | 'stopStartInstances' | 'placementGroups' | 'perClusterSecurityGroups';

export const CAPABILITY_DEFAULTS: Record<Capability, boolean> = {
  softwareEnvironmentImages: true,
  stopStartInstances: true,
  placementGroups: true,
  perClusterSecurityGroups: false,
};

export interface CatalogEntry {
  readonly id: string;
  /** The Coiled feature it belongs to (rows of the capability matrix). */
  readonly feature: string;
  /** What the operation is, in a reviewer's words. */
  readonly what: string;
  /** RESTRICTED grants it only while this switch is on. */
  readonly capability?: Capability;
  /** The answer with every capability switch at its default. */
  readonly expected: Record<Mode, Answer>;
  /** Why STANDARD's answer is what it is, where that is not obvious. */
  readonly note?: string;
  readonly checks: (scene: Scene) => Check[];
}

/** Coiled's AWS account, owner of its AMIs (coiled-contract §2.2). */
export const COILED_ACCOUNT = '077742499581';
/** Someone else's AWS account. */
export const OTHER_ACCOUNT = '444455556666';
const COILED_TAGS = { owner: 'coiled' };

/** The workspace as deployed, plus the resources of other workloads that share its account and VPC. */
export class Scene {
  constructor(
    public readonly t: ResolvedTemplate,
    public readonly ws: WorkspaceFacts,
  ) {}

  public ec2(resource: string, account = this.t.account): string {
    return this.t.arn('ec2', resource, { account });
  }
  public get vpcArn(): string {
    return this.ec2(`vpc/${this.ws.vpcId}`);
  }
  public get otherVpcArn(): string {
    return this.ec2('vpc/vpc-0ther0000000000001');
  }
  /** The EC2 service principal of this partition, as AWS sends it in iam:PassedToService. */
  public get ec2Service(): string {
    return `ec2.${this.t.deployment.partition.urlSuffix}`;
  }
  public get logGroupArn(): string {
    return this.t.arn('logs', `log-group:${this.ws.logGroupName}`);
  }
  public get controlPlaneRoleArn(): string {
    return this.ws.controlPlaneRoleArn;
  }
  public role(name: string): string {
    return this.t.arn('iam', `role/${name}`, { region: '' });
  }
  public repository(name: string): string {
    return this.t.arn('ecr', `repository/${name}`);
  }
}

/** A new instance's launch (RunInstances) into one subnet with the given groups and image. */
function launch(s: Scene, options: { subnet?: string; subnetVpc?: string; groups?: string[]; imageOwner?: string; createAction?: string } = {}): Check[] {
  const vpc = options.subnetVpc ?? s.vpcArn;
  const subnet = options.subnet ?? s.ws.subnetIds[0];
  const createAction = options.createAction ?? 'RunInstances';
  const groups = options.groups ?? [s.ws.schedulerSecurityGroupId, s.ws.clusterSecurityGroupId];
  const created = ['instance/i-0c01ed000000000001', 'volume/vol-0c01ed000000000001', 'network-interface/eni-0c01ed000000000001'];
  return [
    ...created.map((r) => ({ action: 'ec2:RunInstances', resource: s.ec2(r), requestTags: COILED_TAGS, context: r.startsWith('network') ? { 'ec2:Vpc': vpc, 'ec2:Subnet': s.ec2(`subnet/${subnet}`) } : {} })),
    { action: 'ec2:RunInstances', resource: s.ec2(`subnet/${subnet}`), context: { 'ec2:Vpc': vpc } },
    ...groups.map((g) => ({ action: 'ec2:RunInstances', resource: s.ec2(`security-group/${g}`), context: { 'ec2:Vpc': vpc } })),
    { action: 'ec2:RunInstances', resource: s.ec2('image/ami-0c01ed000000000001', ''), context: { 'ec2:Owner': options.imageOwner ?? COILED_ACCOUNT, 'ec2:Public': 'true' } },
    { action: 'ec2:RunInstances', resource: s.ec2('snapshot/snap-0c01ed000000000001', ''), context: { 'ec2:Owner': options.imageOwner ?? COILED_ACCOUNT } },
    ...created.map((r) => ({ action: 'ec2:CreateTags', resource: s.ec2(r), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': createAction } })),
    { action: 'iam:PassRole', resource: s.ws.instanceRoleArn, context: { 'iam:PassedToService': s.ec2Service } },
  ];
}

/** Every check of launching from an EC2 Fleet (CreateFleet authorizes the fleet and its parts, and RunInstances the instances it launches). */
function fleet(s: Scene): Check[] {
  const template = s.ec2('launch-template/lt-0c01ed000000000001');
  return [
    { action: 'ec2:CreateFleet', resource: s.ec2('fleet/fleet-0c01ed00-0000-0000-0000-000000000001'), requestTags: COILED_TAGS },
    { action: 'ec2:CreateFleet', resource: s.ec2('instance/i-0c01ed000000000002'), requestTags: COILED_TAGS },
    { action: 'ec2:CreateFleet', resource: s.ec2('volume/vol-0c01ed000000000002'), requestTags: COILED_TAGS },
    { action: 'ec2:CreateFleet', resource: s.ec2(`subnet/${s.ws.subnetIds[s.ws.subnetIds.length - 1]}`), context: { 'ec2:Vpc': s.vpcArn } },
    { action: 'ec2:CreateFleet', resource: s.ec2('image/ami-0c01ed000000000001', ''), context: { 'ec2:Owner': COILED_ACCOUNT } },
    { action: 'ec2:CreateFleet', resource: template, resourceTags: COILED_TAGS },
    { action: 'ec2:RunInstances', resource: template, resourceTags: COILED_TAGS },
    { action: 'ec2:CreateTags', resource: s.ec2('fleet/fleet-0c01ed00-0000-0000-0000-000000000001'), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': 'CreateFleet' } },
    ...launch(s, { subnet: s.ws.subnetIds[s.ws.subnetIds.length - 1], createAction: 'CreateFleet' }),
  ];
}

const coiledInstance = (s: Scene) => s.ec2('instance/i-0c01ed000000000001');
const coiledTemplate = (s: Scene) => s.ec2('launch-template/lt-0c01ed000000000001');
const coiledGroup = (s: Scene) => s.ec2('security-group/sg-0c01ed000000000001');
const coiledPlacementGroup = (s: Scene) => s.ec2('placement-group/coiled-my-cluster-workers');
const coiledRepository = (s: Scene) => s.repository('coiled/my-team-env');
const foreignInstance = (s: Scene) => s.ec2('instance/i-0db000000000000001');
/** Another workload's group in the same VPC (the database of a shared VPC). */
const databaseGroup = (s: Scene) => s.ec2('security-group/sg-0db000000000000001');
const foreignTemplate = (s: Scene) => s.ec2('launch-template/lt-0a5g00000000000001');

const EC2_DESCRIBES = [
  'DescribeAvailabilityZones',
  'DescribeImages',
  'DescribeInstances',
  'DescribeInstanceTypeOfferings',
  'DescribeInstanceTypes',
  'DescribeInternetGateways',
  'DescribeLaunchTemplates',
  'DescribeRegions',
  'DescribeRouteTables',
  'DescribeSecurityGroups',
  'DescribeSubnets',
  'DescribeVpcs',
];

const both = (answer: Answer): Record<Mode, Answer> => ({ RESTRICTED: answer, STANDARD: answer });

/** Every operation Coiled performs. */
export const OPERATIONS: CatalogEntry[] = [
  {
    id: 'launch-on-demand',
    feature: 'Launch cluster VMs',
    what: 'RunInstances into a workspace subnet with both workspace groups, a Coiled AMI and the instance role; tags set at launch',
    expected: both('allow'),
    checks: (s) => launch(s),
  },
  {
    id: 'launch-in-every-subnet',
    feature: 'Launch cluster VMs',
    what: 'RunInstances into each subnet the workspace hands to Coiled',
    expected: both('allow'),
    checks: (s) => s.ws.subnetIds.map((subnet) => ({ action: 'ec2:RunInstances', resource: s.ec2(`subnet/${subnet}`), context: { 'ec2:Vpc': s.vpcArn } })),
  },
  {
    id: 'launch-spot',
    feature: 'Launch cluster VMs',
    what: 'RunInstances for spot capacity: the spot request too, tagged at launch',
    expected: both('allow'),
    checks: (s) => [
      ...launch(s),
      { action: 'ec2:RunInstances', resource: s.ec2('spot-instances-request/sir-0c01ed01'), requestTags: COILED_TAGS },
      { action: 'ec2:CreateTags', resource: s.ec2('spot-instances-request/sir-0c01ed01'), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': 'RunInstances' } },
    ],
  },
  {
    id: 'launch-from-launch-template',
    feature: 'Launch cluster VMs',
    what: 'RunInstances from a launch template Coiled created',
    expected: both('allow'),
    checks: (s) => [...launch(s), { action: 'ec2:RunInstances', resource: coiledTemplate(s), resourceTags: COILED_TAGS }],
  },
  {
    id: 'launch-with-key-pair',
    feature: 'Launch cluster VMs',
    what: 'RunInstances with an SSH key pair (Coiled\'s keypair_name option)',
    expected: both('allow'),
    checks: (s) => [...launch(s), { action: 'ec2:RunInstances', resource: s.ec2('key-pair/coiled-my-team') }],
  },
  {
    id: 'create-fleet',
    feature: 'Launch cluster VMs',
    what: 'CreateFleet from a Coiled launch template (the fleet, its instances and their RunInstances checks, tags set at creation)',
    expected: both('allow'),
    checks: fleet,
  },
  {
    id: 'terminate',
    feature: 'Shut clusters down',
    what: 'TerminateInstances on an instance Coiled launched (tagged owner=coiled)',
    expected: both('allow'),
    checks: (s) => [{ action: 'ec2:TerminateInstances', resource: coiledInstance(s), resourceTags: COILED_TAGS }],
  },
  {
    id: 'stop-start',
    feature: 'Stop and restart cluster VMs',
    what: 'StopInstances and StartInstances on an instance Coiled launched',
    capability: 'stopStartInstances',
    expected: both('allow'),
    checks: (s) => ['ec2:StopInstances', 'ec2:StartInstances'].map((action) => ({ action, resource: coiledInstance(s), resourceTags: COILED_TAGS })),
  },
  {
    id: 'create-launch-template',
    feature: 'Per-cluster launch templates',
    what: 'CreateLaunchTemplate, tagged owner=coiled at creation',
    expected: both('allow'),
    checks: (s) => [
      { action: 'ec2:CreateLaunchTemplate', resource: coiledTemplate(s), requestTags: COILED_TAGS },
      { action: 'ec2:CreateTags', resource: coiledTemplate(s), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': 'CreateLaunchTemplate' } },
    ],
  },
  {
    id: 'update-launch-template',
    feature: 'Per-cluster launch templates',
    what: 'CreateLaunchTemplateVersion on a template Coiled created',
    expected: both('allow'),
    checks: (s) => [{ action: 'ec2:CreateLaunchTemplateVersion', resource: coiledTemplate(s), resourceTags: COILED_TAGS }],
  },
  {
    id: 'delete-launch-template',
    feature: 'Per-cluster launch templates',
    what: 'DeleteLaunchTemplate and DeleteLaunchTemplateVersions on a template Coiled created',
    expected: both('allow'),
    checks: (s) => ['ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'].map((action) => ({ action, resource: coiledTemplate(s), resourceTags: COILED_TAGS })),
  },
  {
    id: 'create-placement-group',
    feature: 'Placement groups (use_placement_group)',
    what: 'CreatePlacementGroup named coiled-*, tagged at creation',
    capability: 'placementGroups',
    expected: both('allow'),
    checks: (s) => [
      { action: 'ec2:CreatePlacementGroup', resource: coiledPlacementGroup(s), requestTags: COILED_TAGS },
      { action: 'ec2:CreateTags', resource: coiledPlacementGroup(s), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': 'CreatePlacementGroup' } },
    ],
  },
  {
    id: 'describe-placement-groups',
    feature: 'Placement groups (use_placement_group)',
    what: 'DescribePlacementGroups',
    capability: 'placementGroups',
    expected: { RESTRICTED: 'allow', STANDARD: 'deny' },
    note: 'STANDARD grants it on a placement-group ARN, but the action takes no resource: only "*" grants it (a dead grant of `coiled setup aws`)',
    checks: () => [{ action: 'ec2:DescribePlacementGroups', resource: '*' }],
  },
  {
    id: 'launch-into-placement-group',
    feature: 'Placement groups (use_placement_group)',
    what: 'RunInstances into a coiled-* placement group',
    capability: 'placementGroups',
    expected: both('allow'),
    checks: (s) => [...launch(s), { action: 'ec2:RunInstances', resource: coiledPlacementGroup(s) }],
  },
  {
    id: 'delete-placement-group',
    feature: 'Placement groups (use_placement_group)',
    what: 'DeletePlacementGroup of a coiled-* group',
    capability: 'placementGroups',
    expected: both('allow'),
    checks: (s) => [{ action: 'ec2:DeletePlacementGroup', resource: coiledPlacementGroup(s) }],
  },
  {
    id: 'create-security-group',
    feature: 'Per-cluster security groups',
    what: 'CreateSecurityGroup in the workspace VPC, tagged owner=coiled at creation',
    capability: 'perClusterSecurityGroups',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [
      { action: 'ec2:CreateSecurityGroup', resource: coiledGroup(s), requestTags: COILED_TAGS, context: { 'ec2:Vpc': s.vpcArn } },
      { action: 'ec2:CreateSecurityGroup', resource: s.vpcArn, context: { 'ec2:VpcID': s.ws.vpcId } },
      { action: 'ec2:CreateTags', resource: coiledGroup(s), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    ],
  },
  {
    id: 'open-security-group',
    feature: 'Per-cluster security groups',
    what: 'AuthorizeSecurityGroupIngress and -Egress on a group Coiled created',
    capability: 'perClusterSecurityGroups',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress'].map((action) => ({ action, resource: coiledGroup(s), resourceTags: COILED_TAGS, context: { 'ec2:Vpc': s.vpcArn } })),
  },
  {
    id: 'delete-security-group',
    feature: 'Per-cluster security groups',
    what: 'DeleteSecurityGroup of a group Coiled created',
    capability: 'perClusterSecurityGroups',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:DeleteSecurityGroup', resource: coiledGroup(s), resourceTags: COILED_TAGS, context: { 'ec2:Vpc': s.vpcArn } }],
  },
  {
    id: 'launch-with-coiled-security-group',
    feature: 'Per-cluster security groups',
    what: 'RunInstances with a group Coiled created',
    capability: 'perClusterSecurityGroups',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [...launch(s), { action: 'ec2:RunInstances', resource: coiledGroup(s), resourceTags: COILED_TAGS, context: { 'ec2:Vpc': s.vpcArn } }],
  },
  {
    id: 'ecr-login',
    feature: 'Software-environment images in your ECR',
    what: 'GetAuthorizationToken',
    expected: both('allow'),
    checks: () => [{ action: 'ecr:GetAuthorizationToken', resource: '*' }],
  },
  {
    id: 'pull-image',
    feature: 'Software-environment images in your ECR',
    what: 'Pull an image from any repository of this account and region (Coiled\'s, or yours given as container=)',
    expected: both('allow'),
    checks: (s) =>
      [coiledRepository(s), s.repository('analytics/base-image')].flatMap((repository) =>
        ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'].map((action) => ({ action, resource: repository })),
      ),
  },
  {
    id: 'create-repository',
    feature: 'Software-environment images in your ECR',
    what: 'CreateRepository (and tag it) under the Coiled repository prefix',
    capability: 'softwareEnvironmentImages',
    expected: both('allow'),
    checks: (s) => [
      { action: 'ecr:CreateRepository', resource: coiledRepository(s), requestTags: COILED_TAGS },
      { action: 'ecr:TagResource', resource: coiledRepository(s), requestTags: COILED_TAGS },
    ],
  },
  {
    id: 'push-image',
    feature: 'Software-environment images in your ECR',
    what: 'Push an image to a repository under the Coiled repository prefix',
    capability: 'softwareEnvironmentImages',
    expected: both('allow'),
    checks: (s) =>
      ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'].map((action) => ({ action, resource: coiledRepository(s) })),
  },
  {
    id: 'inspect-repository',
    feature: 'Software-environment images in your ECR',
    what: 'DescribeRepositories, DescribeImages, ListImages, GetRepositoryPolicy on a Coiled repository',
    capability: 'softwareEnvironmentImages',
    expected: both('allow'),
    checks: (s) => ['ecr:DescribeRepositories', 'ecr:DescribeImages', 'ecr:ListImages', 'ecr:GetRepositoryPolicy'].map((action) => ({ action, resource: coiledRepository(s) })),
  },
  {
    id: 'find-log-group',
    feature: 'Cluster logs',
    what: 'DescribeLogGroups',
    expected: both('allow'),
    checks: () => [{ action: 'logs:DescribeLogGroups', resource: '*' }],
  },
  {
    id: 'read-logs',
    feature: 'Cluster logs',
    what: 'DescribeLogStreams and FilterLogEvents on the workspace log group (bare ARN), GetLogEvents on its streams',
    expected: both('allow'),
    checks: (s) => [
      { action: 'logs:DescribeLogStreams', resource: s.logGroupArn },
      { action: 'logs:FilterLogEvents', resource: s.logGroupArn },
      { action: 'logs:GetLogEvents', resource: `${s.logGroupArn}:log-stream:my-cluster-scheduler` },
    ],
  },
  {
    id: 'describe',
    feature: 'Look up zones, images, instance types, networks',
    what: 'The EC2 Describe* calls and sts:GetCallerIdentity',
    expected: both('allow'),
    checks: () => [...EC2_DESCRIBES.map((a) => ({ action: `ec2:${a}`, resource: '*' })), { action: 'sts:GetCallerIdentity', resource: '*' }],
  },
  {
    id: 'setup-checks',
    feature: 'Setup-time checks',
    what: 'Read the instance role, its attached policies, CoiledInstancePolicy and the instance profile',
    expected: both('allow'),
    checks: (s) => [
      { action: 'iam:GetRole', resource: s.ws.instanceRoleArn },
      { action: 'iam:ListAttachedRolePolicies', resource: s.ws.instanceRoleArn },
      { action: 'iam:GetPolicy', resource: s.ws.instancePolicyArn },
      { action: 'iam:GetInstanceProfile', resource: s.ws.instanceProfileArn },
    ],
  },
];

/** What the control plane must never be able to do (in RESTRICTED, whatever the switches). */
export const NEGATIVES: CatalogEntry[] = [
  {
    id: 'terminate-foreign-instance',
    feature: 'Other workloads\' instances',
    what: 'Terminate an instance Coiled did not launch',
    expected: both('deny'),
    checks: (s) => [{ action: 'ec2:TerminateInstances', resource: foreignInstance(s), resourceTags: { owner: 'payments-team' } }],
  },
  {
    id: 'stop-foreign-instance',
    feature: 'Other workloads\' instances',
    what: 'Stop an instance Coiled did not launch',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:StopInstances', resource: foreignInstance(s) }],
  },
  {
    id: 'start-foreign-instance',
    feature: 'Other workloads\' instances',
    what: 'Start an instance Coiled did not launch',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:StartInstances', resource: foreignInstance(s) }],
  },
  {
    id: 'modify-foreign-instance',
    feature: 'Other workloads\' instances',
    what: 'ModifyInstanceAttribute on an instance Coiled did not launch',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:ModifyInstanceAttribute', resource: foreignInstance(s) }],
  },
  {
    id: 'tag-forging-instance',
    feature: 'Tag forging',
    what: 'Tag an existing instance owner=coiled (then terminate it)',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:CreateTags', resource: foreignInstance(s), requestTags: COILED_TAGS }],
  },
  {
    id: 'tag-forging-security-group',
    feature: 'Tag forging',
    what: 'Tag another workload\'s security group owner=coiled (then open or delete it)',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:CreateTags', resource: databaseGroup(s), requestTags: COILED_TAGS }],
  },
  {
    id: 'tag-forging-launch-template',
    feature: 'Tag forging',
    what: 'Tag another workload\'s launch template owner=coiled (then change or delete it)',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:CreateTags', resource: foreignTemplate(s), requestTags: COILED_TAGS }],
  },
  {
    id: 'launch-into-other-vpc',
    feature: 'Launch confinement',
    what: 'Launch into a subnet of another VPC',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => launch(s, { subnet: 'subnet-0ther0000000000001', subnetVpc: s.otherVpcArn, groups: [] }),
  },
  {
    id: 'launch-into-unlisted-subnet',
    feature: 'Launch confinement',
    what: 'Launch into a subnet of the workspace VPC that the workspace did not hand to Coiled',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => launch(s, { subnet: 'subnet-0db000000000000001' }),
  },
  {
    id: 'launch-with-foreign-security-group',
    feature: 'Launch confinement',
    what: 'Launch with another workload\'s security group of the same VPC',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => launch(s, { groups: ['sg-0db000000000000001'] }),
  },
  {
    id: 'launch-foreign-ami',
    feature: 'Launch confinement',
    what: 'Launch an AMI that is not Coiled\'s',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => launch(s, { imageOwner: OTHER_ACCOUNT }),
  },
  {
    id: 'launch-from-foreign-launch-template',
    feature: 'Launch confinement',
    what: 'Launch from a launch template Coiled did not create',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [...launch(s), { action: 'ec2:RunInstances', resource: foreignTemplate(s) }],
  },
  {
    id: 'pass-other-role',
    feature: 'Role passing',
    what: 'PassRole of an administrator role to EC2',
    expected: both('deny'),
    checks: (s) => [{ action: 'iam:PassRole', resource: s.role('admin'), context: { 'iam:PassedToService': s.ec2Service } }],
  },
  {
    id: 'pass-other-coiled-role',
    feature: 'Role passing',
    what: 'PassRole of another workspace\'s coiled-* role',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'iam:PassRole', resource: s.role('coiled-other-workspace'), context: { 'iam:PassedToService': s.ec2Service } }],
  },
  {
    id: 'pass-role-to-other-service',
    feature: 'Role passing',
    what: 'PassRole of the instance role to Lambda',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'iam:PassRole', resource: s.ws.instanceRoleArn, context: { 'iam:PassedToService': `lambda.${s.t.deployment.partition.urlSuffix}` } }],
  },
  {
    id: 'open-foreign-security-group',
    feature: 'Shared-VPC security groups',
    what: 'Open another workload\'s security group in the same VPC',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:AuthorizeSecurityGroupIngress', resource: databaseGroup(s), context: { 'ec2:Vpc': s.vpcArn } }],
  },
  {
    id: 'open-workspace-security-group',
    feature: 'Shared-VPC security groups',
    what: 'Open the workspace\'s own scheduler group, even if someone tagged it owner=coiled',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:AuthorizeSecurityGroupIngress', resource: s.ec2(`security-group/${s.ws.schedulerSecurityGroupId}`), resourceTags: COILED_TAGS, context: { 'ec2:Vpc': s.vpcArn } }],
  },
  {
    id: 'delete-foreign-security-group',
    feature: 'Shared-VPC security groups',
    what: 'Delete another workload\'s security group in the same VPC',
    expected: both('deny'),
    checks: (s) => [{ action: 'ec2:DeleteSecurityGroup', resource: databaseGroup(s), context: { 'ec2:Vpc': s.vpcArn } }],
  },
  {
    id: 'delete-workspace-security-group',
    feature: 'Shared-VPC security groups',
    what: 'Delete the workspace\'s own cluster group, even if someone tagged it owner=coiled',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:DeleteSecurityGroup', resource: s.ec2(`security-group/${s.ws.clusterSecurityGroupId}`), resourceTags: COILED_TAGS, context: { 'ec2:Vpc': s.vpcArn } }],
  },
  {
    id: 'create-security-group-in-other-vpc',
    feature: 'Shared-VPC security groups',
    what: 'Create a security group in another VPC',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [
      { action: 'ec2:CreateSecurityGroup', resource: coiledGroup(s), requestTags: COILED_TAGS },
      { action: 'ec2:CreateSecurityGroup', resource: s.otherVpcArn },
      { action: 'ec2:CreateTags', resource: coiledGroup(s), requestTags: COILED_TAGS, context: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    ],
  },
  {
    id: 'create-untagged-security-group',
    feature: 'Shared-VPC security groups',
    what: 'Create a security group without the owner=coiled tag (it could never be cleaned up)',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [
      { action: 'ec2:CreateSecurityGroup', resource: coiledGroup(s) },
      { action: 'ec2:CreateSecurityGroup', resource: s.vpcArn },
    ],
  },
  {
    id: 'change-foreign-launch-template',
    feature: 'Other workloads\' launch templates',
    what: 'Add a version to a launch template Coiled did not create (an Auto Scaling group at $Latest would launch it)',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'ec2:CreateLaunchTemplateVersion', resource: foreignTemplate(s) }],
  },
  {
    id: 'delete-foreign-launch-template',
    feature: 'Other workloads\' launch templates',
    what: 'Delete a launch template Coiled did not create',
    expected: both('deny'),
    checks: (s) => ['ec2:DeleteLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'].map((action) => ({ action, resource: foreignTemplate(s) })),
  },
  {
    id: 'delete-foreign-placement-group',
    feature: 'Other workloads\' placement groups',
    what: 'Delete a placement group not named coiled-*',
    expected: both('deny'),
    checks: (s) => [{ action: 'ec2:DeletePlacementGroup', resource: s.ec2('placement-group/hpc-production') }],
  },
  {
    id: 'create-iam-user',
    feature: 'IAM',
    what: 'Create an IAM user',
    expected: both('deny'),
    checks: (s) => [{ action: 'iam:CreateUser', resource: s.t.arn('iam', 'user/backdoor', { region: '' }) }],
  },
  {
    id: 'create-iam-role',
    feature: 'IAM',
    what: 'Create an IAM role',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'iam:CreateRole', resource: s.role('backdoor') }],
  },
  {
    id: 'create-iam-policy',
    feature: 'IAM',
    what: 'Create a managed policy',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [{ action: 'iam:CreatePolicy', resource: s.t.arn('iam', 'policy/backdoor', { region: '' }) }],
  },
  {
    id: 'attach-policy-to-own-role',
    feature: 'IAM',
    what: 'Attach a managed policy (AdministratorAccess) to the control-plane role itself',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    note: 'STANDARD\'s setup policy allows iam:AttachRolePolicy on "*" (coiled setup aws builds roles)',
    checks: (s) => [{ action: 'iam:AttachRolePolicy', resource: s.controlPlaneRoleArn, context: { 'iam:PolicyARN': `arn:${s.t.partition}:iam::aws:policy/AdministratorAccess` } }],
  },
  {
    id: 'put-policy-on-own-role',
    feature: 'IAM',
    what: 'Put an inline policy on the control-plane role itself',
    expected: both('deny'),
    checks: (s) => [{ action: 'iam:PutRolePolicy', resource: s.controlPlaneRoleArn }],
  },
  {
    id: 'assume-other-role',
    feature: 'IAM',
    what: 'Assume another role',
    expected: both('deny'),
    checks: (s) => [{ action: 'sts:AssumeRole', resource: s.role('admin') }],
  },
  {
    id: 'read-other-log-group',
    feature: 'Other log groups',
    what: 'Read another log group',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => [
      { action: 'logs:FilterLogEvents', resource: s.t.arn('logs', 'log-group:/aws/lambda/payments') },
      { action: 'logs:GetLogEvents', resource: s.t.arn('logs', 'log-group:/aws/lambda/payments:log-stream:2024/01/01') },
    ],
  },
  {
    id: 'read-s3',
    feature: 'Data',
    what: 'Read or write objects of a data bucket',
    expected: both('deny'),
    checks: (s) => ['s3:GetObject', 's3:PutObject'].map((action) => ({ action, resource: `arn:${s.t.partition}:s3:::my-team-data/report.csv` })),
  },
  {
    id: 'read-secret',
    feature: 'Data',
    what: 'Read a Secrets Manager secret',
    expected: both('deny'),
    checks: (s) => [{ action: 'secretsmanager:GetSecretValue', resource: s.t.arn('secretsmanager', 'secret:prod/db-AbCdEf') }],
  },
  {
    id: 'decrypt-with-kms',
    feature: 'Data',
    what: 'Decrypt with a KMS key',
    expected: both('deny'),
    checks: (s) => [{ action: 'kms:Decrypt', resource: s.t.arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab') }],
  },
  {
    id: 'push-to-foreign-repository',
    feature: 'Other workloads\' images',
    what: 'Push to, or create, a repository outside the Coiled repository prefix',
    expected: { RESTRICTED: 'deny', STANDARD: 'allow' },
    checks: (s) => ['ecr:CreateRepository', 'ecr:InitiateLayerUpload', 'ecr:PutImage'].map((action) => ({ action, resource: s.repository('payments-api') })),
  },
  {
    id: 'delete-images',
    feature: 'Other workloads\' images',
    what: 'Delete images or repositories (Coiled never deletes them)',
    expected: both('deny'),
    checks: (s) => ['ecr:BatchDeleteImage', 'ecr:DeleteRepository'].flatMap((action) => [coiledRepository(s), s.repository('payments-api')].map((resource) => ({ action, resource }))),
  },
];

/** RESTRICTED's expected answer for an operation with the given switches. */
export function expectedRestricted(entry: CatalogEntry, capabilities: Record<Capability, boolean>): Answer {
  if (entry.capability) return capabilities[entry.capability] ? 'allow' : 'deny';
  return entry.expected.RESTRICTED;
}
