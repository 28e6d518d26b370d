import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  COILED_AWS_ACCOUNT_ID,
  DEFAULT_ECR_REPOSITORY_PREFIX,
  RestrictedCapabilities,
  RestrictedPolicyInputs,
  WILDCARD_RESOURCE_ACTIONS,
  restrictedCapabilityStatements,
  restrictedOngoingStatements,
  restrictedSetupStatements,
  standardOngoingStatements,
  standardSetupStatements,
} from './policies';
import { acknowledgeWildcardResources } from './private/acknowledgements';
import { awsScope } from './private/scope';
import { ErrorCode, ValidationScope, fail } from '../core/errors';
import { awsNames, checkWorkspaceName } from '../core/naming';

/** How much Coiled's control plane may do in your account. */
export enum ControlPlaneAccess {
  /**
   * Coiled only adopts what this stack built: it launches and terminates its VMs in this VPC from
   * its own images, reads this workspace's logs, and passes only this workspace's instance role.
   * Coiled's Terraform template, with its defects fixed.
   */
  RESTRICTED = 'RESTRICTED',
  /**
   * The policies of `coiled setup aws`: Coiled may also build VPCs, roles and log groups itself.
   */
  STANDARD = 'STANDARD',
}

/**
 * Coiled features beyond launching and terminating VMs that RESTRICTED access grants. Each switch
 * adds only its own statements, scoped as tightly as AWS allows (docs/permissions.md lists them).
 * STANDARD access ignores them: `coiled setup aws` grants all of these, and more.
 */
export interface ControlPlaneCapabilities {
  /**
   * Coiled builds software-environment images and keeps them in this account's ECR: create
   * repositories, tag them, push and inspect images, only in repositories whose names start with
   * `ecrRepositoryPrefix`. Pulling from any repository of the account and region is always granted.
   *
   * @default true (Coiled promises that software-environment images stay in your account)
   */
  readonly softwareEnvironmentImages?: boolean;
  /**
   * Name prefix of the ECR repositories Coiled may create and push to. Coiled's repository names
   * are not published: this assumes they start with `coiled` (as its GCP registry is named and
   * its AWS roles and placement groups are); set Coiled's name here if yours differ.
   *
   * @default 'coiled'
   */
  readonly ecrRepositoryPrefix?: string;
  /**
   * Coiled stops and restarts cluster VMs it launched (tagged owner=coiled).
   *
   * @default true
   */
  readonly stopStartInstances?: boolean;
  /**
   * Coiled creates, launches into and deletes placement groups named `coiled-*`
   * (`use_placement_group`, `use_worker_placement_group`).
   *
   * @default true
   */
  readonly placementGroups?: boolean;
  /**
   * Coiled creates security groups per cluster in the workspace VPC (tagged owner=coiled at
   * creation), opens and deletes them. Never the workspace's own two groups, never another
   * workload's. Off by default: the workspace's scheduler and cluster groups serve every cluster.
   *
   * @default false
   */
  readonly perClusterSecurityGroups?: boolean;
}

/** Props of {@link CoiledControlPlaneRole}. */
export interface CoiledControlPlaneRoleProps {
  /** The Coiled workspace slug. */
  readonly workspaceName: string;
  /**
   * The external ID Coiled presents when it assumes the role (Coiled shows it in the role setup
   * form, or you choose one and enter it there). It is required: without it any AWS customer of
   * Coiled could ask Coiled to act in your account (the confused-deputy problem).
   */
  readonly externalId: string;
  /**
   * How much Coiled may do.
   *
   * @default ControlPlaneAccess.RESTRICTED
   */
  readonly access?: ControlPlaneAccess;
  /** The workspace's instance role (the only role Coiled may pass). */
  readonly instanceRole: iam.IRole;
  /** The workspace's instance profile. */
  readonly instanceProfile: iam.IInstanceProfile;
  /** The workspace's `CoiledInstancePolicy`. */
  readonly instancePolicy: iam.IManagedPolicy;
  /** The workspace's log group name. */
  readonly logGroupName: string;
  /**
   * The VPC Coiled launches into (required for RESTRICTED access).
   *
   * @default - none; only valid with STANDARD access
   */
  readonly vpcId?: string;
  /**
   * The subnets Coiled may launch into (required for RESTRICTED access): no other subnet of the VPC.
   *
   * @default - none; only valid with STANDARD access
   */
  readonly subnetIds?: string[];
  /**
   * The workspace's scheduler and cluster security groups (required for RESTRICTED access): Coiled
   * launches with them and never changes them.
   *
   * @default - none; only valid with STANDARD access
   */
  readonly securityGroupIds?: string[];
  /**
   * Optional Coiled features RESTRICTED access grants.
   *
   * @default - images in ECR, stop/start and placement groups on; per-cluster security groups off
   */
  readonly capabilities?: ControlPlaneCapabilities;
  /**
   * Coiled's AWS account, trusted to assume the role.
   *
   * @default '077742499581' (Coiled's account, from Coiled's Terraform template)
   */
  readonly coiledAccountId?: string;
  /**
   * Trust exactly this principal ARN (a role in Coiled's account) instead of the whole account,
   * when Coiled gives you one.
   *
   * @default - the root of `coiledAccountId`
   */
  readonly coiledPrincipalArn?: string;
  /**
   * Accounts whose AMIs Coiled may launch.
   *
   * @default - [coiledAccountId]
   */
  readonly amiOwnerAccountIds?: string[];
  /**
   * Name prefix of the role and its policies.
   *
   * @default 'coiled-<workspace>'
   */
  readonly namePrefix?: string;
  /**
   * Name of the role.
   *
   * @default '<namePrefix>-control-plane'
   */
  readonly roleName?: string;
}

/**
 * The role Coiled's control plane assumes in your account, with a mandatory external ID.
 */
export class CoiledControlPlaneRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;
  /** The role's ARN (Coiled's "Role ARN"). */
  public readonly roleArn: string;
  /** The external ID in the trust policy. */
  public readonly externalId: string;
  /** The ongoing policy. */
  public readonly ongoingPolicy: iam.ManagedPolicy;
  /** The setup policy. */
  public readonly setupPolicy: iam.ManagedPolicy;
  /**
   * The statements of the capability switches that are on (RESTRICTED only), in a policy of their
   * own: the ongoing policy and they together would not fit IAM's 6,144 characters per policy.
   */
  public readonly capabilitiesPolicy?: iam.ManagedPolicy;
  /** The access mode. */
  public readonly access: ControlPlaneAccess;

  constructor(scope: Construct, id: string, props: CoiledControlPlaneRoleProps) {
    super(scope, id);
    const v = awsScope(this);
    const workspaceName = checkWorkspaceName(v, props.workspaceName);
    const names = awsNames(v, workspaceName, { namePrefix: props.namePrefix, controlPlaneRoleName: props.roleName });
    this.externalId = checkExternalId(v, props.externalId);
    this.access = props.access ?? ControlPlaneAccess.RESTRICTED;
    const coiledAccountId = checkAccountId(v, 'coiledAccountId', props.coiledAccountId ?? COILED_AWS_ACCOUNT_ID);
    const amiOwners = props.amiOwnerAccountIds ?? [coiledAccountId];
    amiOwners.forEach((owner, i) => checkAccountId(v, `amiOwnerAccountIds[${i}]`, owner));
    if (props.coiledPrincipalArn !== undefined) checkPrincipalArn(v, props.coiledPrincipalArn);

    const principal = props.coiledPrincipalArn ? new iam.ArnPrincipal(props.coiledPrincipalArn) : new iam.AccountPrincipal(coiledAccountId);
    this.role = new iam.Role(this, 'Role', {
      roleName: names.controlPlaneRoleName,
      description: 'Role assumed by Coiled control-plane to create and manage resources in your AWS account.',
      assumedBy: principal,
      externalIds: [this.externalId],
    });
    this.roleArn = this.role.roleArn;

    let ongoing: iam.PolicyStatement[];
    let setup: iam.PolicyStatement[];
    let capabilityStatements: iam.PolicyStatement[] = [];
    const capabilities = checkCapabilities(v, props.capabilities ?? {});
    if (this.access === ControlPlaneAccess.STANDARD) {
      if (props.capabilities !== undefined) {
        v.warn('coiled-byoc:capabilitiesIgnored', 'capabilities apply to RESTRICTED access only: STANDARD is `coiled setup aws`\'s policy, which grants every Coiled feature.');
      }
      ongoing = standardOngoingStatements();
      setup = standardSetupStatements();
    } else {
      if (props.vpcId === undefined) {
        fail(v, { code: ErrorCode.CONFLICTING_OPTIONS, input: 'vpcId', value: undefined, problem: 'RESTRICTED access scopes every launch to one VPC', fix: 'pass the workspace VPC id, or use ControlPlaneAccess.STANDARD' });
      }
      const subnetIds = requireIds(v, 'subnetIds', props.subnetIds, 'RESTRICTED access lets Coiled launch into exactly the workspace subnets', 'pass the subnets Coiled may launch into (workspace.subnetIds)');
      const securityGroupIds = requireIds(v, 'securityGroupIds', props.securityGroupIds, 'RESTRICTED access lets Coiled launch with exactly the workspace security groups', 'pass the scheduler and cluster security group ids');
      const inputs: RestrictedPolicyInputs = {
        vpcId: props.vpcId,
        subnetIds,
        securityGroupIds,
        capabilities,
        instanceRoleArn: props.instanceRole.roleArn,
        instanceProfileArn: props.instanceProfile.instanceProfileArn,
        instancePolicyArn: props.instancePolicy.managedPolicyArn,
        logGroupName: props.logGroupName,
        amiOwnerAccountIds: amiOwners,
      };
      ongoing = restrictedOngoingStatements(Stack.of(this), inputs);
      capabilityStatements = restrictedCapabilityStatements(Stack.of(this), inputs);
      setup = restrictedSetupStatements(inputs);
    }
    const description = 'Permissions required for Coiled to operate in your AWS account';
    this.ongoingPolicy = new iam.ManagedPolicy(this, 'OngoingPolicy', { managedPolicyName: names.ongoingPolicyName, description, statements: ongoing, roles: [this.role] });
    this.setupPolicy = new iam.ManagedPolicy(this, 'SetupPolicy', { managedPolicyName: names.setupPolicyName, description, statements: setup, roles: [this.role] });
    if (capabilityStatements.length > 0) {
      this.capabilitiesPolicy = new iam.ManagedPolicy(this, 'CapabilitiesPolicy', {
        managedPolicyName: names.capabilitiesPolicyName,
        description: 'Permissions for the optional Coiled features this workspace allows',
        statements: capabilityStatements,
        roles: [this.role],
      });
      acknowledgeWildcardResources(this.capabilitiesPolicy, RESTRICTED_WILDCARD_REASONS);
    }
    // STANDARD is Coiled's own wide policy, verbatim: its findings stay visible to the user's review.
    if (this.access === ControlPlaneAccess.RESTRICTED) {
      acknowledgeWildcardResources(this.ongoingPolicy, RESTRICTED_WILDCARD_REASONS);
      for (const policy of [this.ongoingPolicy, this.setupPolicy, this.capabilitiesPolicy]) if (policy) checkPolicySize(v, policy);
    }
  }
}

/** IAM's quota on a managed policy's size, whitespace not counted (IAM and AWS STS quotas). */
const MANAGED_POLICY_MAX_CHARACTERS = 6144;
/** The longest value of each pseudo parameter in any partition and region (aws-us-gov, ap-southeast-5, amazonaws.com.cn), with room to spare. */
const LONGEST_PSEUDO: Record<string, number> = { 'AWS::Partition': 10, 'AWS::Region': 16, 'AWS::AccountId': 12, 'AWS::URLSuffix': 16 };
/** Ids and names of the workspace's resources (Ref, Fn::GetAtt other than Arn): EC2 ids have at most 24 characters, names here 64. */
const LONGEST_ID = 64;
/** The instance role's and profile's ARNs (`arn:<partition>:iam::<account>:instance-profile/coiled-<workspace>`): at most 114 characters. */
const LONGEST_ARN = 120;

/**
 * Fails at synth, not at deploy, when a policy could exceed IAM's size quota in some partition or
 * region: every token is counted at its longest. Only the subnet list grows with the input.
 */
function checkPolicySize(v: ValidationScope, policy: iam.ManagedPolicy): void {
  const longest = (value: any): any => {
    if (Array.isArray(value)) return value.map(longest);
    if (value === null || typeof value !== 'object') return value;
    if (value['Fn::Join']) return (value['Fn::Join'][1] as unknown[]).map((part) => String(longest(part))).join(value['Fn::Join'][0]);
    if (value.Ref !== undefined) return 'x'.repeat(LONGEST_PSEUDO[value.Ref] ?? LONGEST_ID);
    if (value['Fn::GetAtt'] !== undefined) return 'x'.repeat(value['Fn::GetAtt'][1] === 'Arn' ? LONGEST_ARN : LONGEST_ID);
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, longest(x)]));
  };
  const document = Stack.of(policy).resolve((policy.node.defaultChild as iam.CfnManagedPolicy).policyDocument);
  const size = JSON.stringify(longest(document)).replace(/\s/g, '').length;
  if (size > MANAGED_POLICY_MAX_CHARACTERS) {
    fail(v, {
      code: ErrorCode.IAM_POLICY_TOO_LARGE,
      input: 'subnetIds',
      value: `${policy.node.id}: up to ${size} characters`,
      problem: `the policy could exceed IAM's quota of ${MANAGED_POLICY_MAX_CHARACTERS} characters per managed policy, and the deployment would fail`,
      fix: 'hand Coiled fewer subnets (one per availability zone it should use is enough)',
    });
  }
}

function requireIds(v: ValidationScope, input: string, ids: string[] | undefined, problem: string, fix: string): string[] {
  if (ids === undefined || (!Token.isUnresolved(ids) && ids.length === 0)) {
    fail(v, { code: ErrorCode.CONFLICTING_OPTIONS, input, value: ids, problem, fix });
  }
  return ids;
}

/**
 * An ECR repository name is lowercase path components of letters and digits joined by `.`, `_`
 * or `-`, separated by `/` (ECR CreateRepository API). A prefix must begin such a name and must
 * not widen the grant with a wildcard.
 */
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

function checkCapabilities(v: ValidationScope, capabilities: ControlPlaneCapabilities): RestrictedCapabilities {
  const prefix = capabilities.ecrRepositoryPrefix ?? DEFAULT_ECR_REPOSITORY_PREFIX;
  if (!v.isUnresolved(prefix)) {
    const fits = typeof prefix === 'string' && prefix.length > 0 && prefix.length < 256 && (ECR_NAME.test(prefix) || ECR_NAME.test(`${prefix}x`));
    if (!fits) {
      fail(v, {
        code: ErrorCode.INVALID_NAME,
        input: 'capabilities.ecrRepositoryPrefix',
        value: prefix,
        problem: typeof prefix === 'string' && /[*?]/.test(prefix) ? 'a wildcard would let Coiled push to repositories that are not its own' : 'not the beginning of an ECR repository name (lowercase letters and digits, joined by ., _ or -, path parts separated by /)',
        fix: `give the start of Coiled's repository names, e.g. '${DEFAULT_ECR_REPOSITORY_PREFIX}' or 'coiled/my-team'; or set softwareEnvironmentImages: false`,
      });
    }
  }
  return {
    softwareEnvironmentImages: capabilities.softwareEnvironmentImages ?? true,
    ecrRepositoryPrefix: prefix,
    stopStartInstances: capabilities.stopStartInstances ?? true,
    placementGroups: capabilities.placementGroups ?? true,
    perClusterSecurityGroups: capabilities.perClusterSecurityGroups ?? false,
  };
}

const noResourceLevel = `actions AWS offers no resource-level permission for (${Object.keys(WILDCARD_RESOURCE_ACTIONS).join(', ')}); reasons per action in WILDCARD_RESOURCE_ACTIONS`;
const RESTRICTED_WILDCARD_REASONS: Record<string, string> = {
  RunInstancesInVpc: "One ARN per subnet could overflow IAM's 6,144-character policy limit; the ec2:SubnetID condition limits launches to exactly the workspace's subnets",
  RunInstancesWorkspaceSecurityGroups: "The ec2:SecurityGroupID condition limits launches to exactly the workspace's two groups",
  RunInstancesImage: "AMI ids change with every Coiled release; the ec2:Owner condition limits launches to Coiled's image account",
  RunInstancesImageSnapshots: "An AMI's snapshots change with it; the ec2:Owner condition limits them to Coiled's image account",
  RemainingRunInstancePermissions: 'Instances, volumes, key pairs and spot requests of a launch get their ids at run time; every ARN is scoped to this account and region',
  RunInstancesNetworkInterfacesInVpc: 'Network interfaces of a launch get their ids at run time; the ec2:Vpc condition limits them to this VPC',
  CreateFleetResources: 'Fleets, instances and volumes of a fleet launch get their ids at run time; this account and region only',
  LaunchFromCoiledLaunchTemplates: 'Launch templates get their ids at run time; the tag condition limits launches to templates Coiled created (owner=coiled)',
  TagLaunchedResources: 'Tags only inside the call that creates the resource (ec2:CreateAction), so no existing resource can be tagged',
  TerminateInstances: 'Instance ids exist only at run time; the condition limits termination to instances tagged owner=coiled',
  LoggingRead: "The ':*' form of this workspace log group's ARN, which CloudWatch Logs authorizes some reads against",
  LoggingReadStreams: 'One log stream per VM, named at run time; only streams of this workspace log group',
  ECRAccess: 'Pull-only, on repositories of this account and region (Coiled software environments and images users name)',
  CreateLaunchTemplates: 'Launch template ids exist only at run time; creation requires the owner=coiled tag',
  LaunchTemplateManagement: 'Launch template ids exist only at run time; the condition limits changes to templates tagged owner=coiled',
  StopStartInstances: 'Instance ids exist only at run time; the condition limits stop/start to instances tagged owner=coiled',
  PlacementGroups: 'Placement groups Coiled creates per cluster, named coiled-* at run time',
  TagPlacementGroupsOnCreate: 'Tags coiled-* placement groups only inside CreatePlacementGroup (ec2:CreateAction)',
  CreateTaggedSecurityGroups: 'Security groups Coiled creates per cluster get their ids at run time; creation requires the owner=coiled tag',
  TagSecurityGroupsOnCreate: 'Tags security groups only inside CreateSecurityGroup (ec2:CreateAction)',
  CoiledSecurityGroups: "Coiled's per-cluster groups get their ids at run time; the conditions limit them to groups tagged owner=coiled in this VPC",
  ECRPushToCoiledRepositories: 'Repositories Coiled creates are named at run time; only names under the repository prefix',
  LoggingDescribe: noResourceLevel,
  ECRToken: noResourceLevel,
  EverythingElse: noResourceLevel,
  DescribePlacementGroups: noResourceLevel,
};

/** AWS accepts 2-1224 characters of `[\w+=,.@:/-]` in an external ID (STS AssumeRole API). */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export function checkExternalId(v: ValidationScope, value: unknown): string {
  if (v.isUnresolved(value)) return value as string;
  if (typeof value !== 'string' || !EXTERNAL_ID.test(value)) {
    fail(v, {
      code: ErrorCode.INVALID_EXTERNAL_ID,
      input: 'externalId',
      value,
      problem:
        typeof value === 'string' && value.length < 2
          ? 'an external ID has at least 2 characters'
          : 'AWS accepts 2-1224 characters of letters, digits and +=,.@:/-_ in an external ID',
      fix: 'copy the external ID from Coiled\'s role setup form, or generate one, e.g. `openssl rand -hex 16`',
    });
  }
  if (value.length < 16) {
    v.warn('coiled-byoc:shortExternalId', `externalId has ${value.length} characters; use at least 16 random ones (e.g. \`openssl rand -hex 16\`) so it cannot be guessed.`);
  }
  return value;
}

export function checkAccountId(v: ValidationScope, input: string, value: string): string {
  if (Token.isUnresolved(value)) return value;
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    fail(v, { code: ErrorCode.INVALID_ACCOUNT_ID, input, value, problem: 'an AWS account id is exactly 12 digits', fix: `write it as a string of 12 digits, e.g. "${COILED_AWS_ACCOUNT_ID}"` });
  }
  return value;
}

function checkPrincipalArn(v: ValidationScope, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.test(value)) {
    fail(v, { code: ErrorCode.INVALID_ARN, input: 'coiledPrincipalArn', value, problem: 'not an IAM role, user or account-root ARN', fix: 'copy the principal ARN Coiled gave you, e.g. "arn:aws:iam::077742499581:role/..."' });
  }
}
