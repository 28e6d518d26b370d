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
import { checkedConstructorScope } from './private/entry';
import { checkManagedPolicySize } from './private/policy-size';
import { awsScope } from './private/scope';
import { ErrorCode, ValidationScope, describeKind, fail, withInputNames } from '../core/errors';
import { EXTERNAL_ID_ALPHABET, EXTERNAL_ID_FIX, externalIdWeakness } from '../core/external-id';
import { outerNames } from '../core/input-names';
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
    super(checkedConstructorScope('aws.CoiledControlPlaneRole.new', scope, id, props), id);
    const v = withInputNames(awsScope(this), outerNames(props));
    const workspaceName = checkWorkspaceName(v, props.workspaceName);
    const names = awsNames(v, workspaceName, { namePrefix: props.namePrefix, controlPlaneRoleName: props.roleName });
    this.externalId = checkExternalId(v, props.externalId);
    this.access = props.access ?? ControlPlaneAccess.RESTRICTED;
    const coiledAccountId = checkAccountId(v, 'coiledAccountId', props.coiledAccountId ?? COILED_AWS_ACCOUNT_ID);
    const amiOwners = checkAmiOwners(v, props.amiOwnerAccountIds, coiledAccountId, this.access);
    if (props.coiledPrincipalArn !== undefined) checkPrincipalArn(v, props.coiledPrincipalArn, props.coiledAccountId);

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
    // What to cut when a policy outgrows IAM's quota. The ongoing policy names every subnet and
    // every workspace group (the longer list is the one to cut), the capabilities policy every
    // workspace group (its Deny) and no subnet; the setup policy has a fixed size, far below IAM's.
    const subnetsTooMany = { input: 'subnetIds', fix: 'hand Coiled fewer subnets (one per availability zone it should use is enough)' };
    const groupsTooMany = { input: 'securityGroupIds', fix: "pass only the workspace's scheduler and cluster security groups" };
    let ongoingTooLarge = subnetsTooMany;
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
      if (securityGroupIds.length > subnetIds.length) ongoingTooLarge = groupsTooMany;
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
      acknowledgeWildcardResources(this.capabilitiesPolicy, capabilityStatements, RESTRICTED_WILDCARD_REASONS);
    }
    // STANDARD is Coiled's own wide policy, verbatim: its findings stay visible to the user's review.
    if (this.access === ControlPlaneAccess.RESTRICTED) {
      acknowledgeWildcardResources(this.ongoingPolicy, ongoing, RESTRICTED_WILDCARD_REASONS);
      checkManagedPolicySize(v, this.ongoingPolicy, ongoingTooLarge);
      if (this.capabilitiesPolicy) checkManagedPolicySize(v, this.capabilitiesPolicy, groupsTooMany);
    }
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
    // A name ends in a letter or digit, so a prefix that is a whole name still begins one with an x after it.
    // The constructor's type check (checkedConstructorScope) has already refused a prefix that is not text.
    const fits = prefix.length > 0 && prefix.length < 256 && ECR_NAME.test(`${prefix}x`);
    if (!fits) {
      fail(v, {
        code: ErrorCode.INVALID_NAME,
        input: 'capabilities.ecrRepositoryPrefix',
        value: prefix,
        problem: /[*?]/.test(prefix) ? 'a wildcard would let Coiled push to repositories that are not its own' : 'not the beginning of an ECR repository name (lowercase letters and digits, joined by ., _ or -, path parts separated by /)',
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

/**
 * Checks an external ID: AWS's alphabet and length, then that it is neither a placeholder nor too
 * weak to guard a role that trusts Coiled's whole account (see core/external-id.ts).
 */
export function checkExternalId(v: ValidationScope, value: unknown, input = 'externalId'): string {
  if (v.isUnresolved(value)) return value as string;
  if (typeof value !== 'string') {
    fail(v, { code: ErrorCode.INVALID_EXTERNAL_ID, input, value, problem: `an external ID is text, not ${describeKind(value)}`, fix: EXTERNAL_ID_FIX });
  }
  const weakness = externalIdWeakness(value);
  if (!EXTERNAL_ID_ALPHABET.test(value) && !(weakness && /template placeholder/.test(weakness))) {
    fail(v, {
      code: ErrorCode.INVALID_EXTERNAL_ID,
      input,
      value,
      problem: value.length < 2 ? 'an external ID has at least 2 characters' : 'AWS accepts 2-1224 characters of letters, digits and +=,.@:/-_ in an external ID',
      fix: EXTERNAL_ID_FIX,
    });
  }
  if (weakness) {
    fail(v, { code: ErrorCode.INVALID_EXTERNAL_ID, input, value, problem: `${weakness}: the external ID is what stops any other Coiled customer from making Coiled act in this account`, fix: EXTERNAL_ID_FIX });
  }
  return value;
}

export function checkAccountId(v: ValidationScope, input: string, value: string): string {
  if (Token.isUnresolved(value)) return value;
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    const digits = typeof value === 'number' || typeof value === 'string' ? String(value).replace(/[\s-]/g, '') : '';
    fail(v, {
      code: ErrorCode.INVALID_ACCOUNT_ID,
      input,
      value,
      problem: 'an AWS account id is exactly 12 digits',
      fix: `write it as a string of 12 digits, e.g. "${COILED_AWS_ACCOUNT_ID}"`,
      suggestion: /^\d{12}$/.test(digits) ? { input, value: digits } : typeof value === 'number' && /^\d{1,12}$/.test(digits) ? { input, value: digits.padStart(12, '0') } : undefined,
    });
  }
  return value;
}

/** The accounts whose images Coiled may launch: at least one, each once, only where they scope something. */
function checkAmiOwners(v: ValidationScope, owners: string[] | undefined, coiledAccountId: string, access: ControlPlaneAccess): string[] {
  const input = 'amiOwnerAccountIds';
  if (owners === undefined) return [coiledAccountId];
  if (access === ControlPlaneAccess.STANDARD) {
    fail(v, {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input,
      value: owners,
      problem: 'STANDARD access lets Coiled launch any image (it is `coiled setup aws` verbatim), so the owners would be ignored',
      fix: 'remove amiOwnerAccountIds, or use ControlPlaneAccess.RESTRICTED (the default)',
      suggestion: { input, value: undefined },
    });
  }
  if (Token.isUnresolved(owners)) return owners;
  if (owners.length === 0) {
    fail(v, {
      code: ErrorCode.EMPTY_LIST,
      input,
      value: owners,
      problem: 'an empty list renders "ec2:Owner": [] and lets Coiled launch no image at all',
      fix: `leave it out for Coiled's account (${COILED_AWS_ACCOUNT_ID}), or list the accounts`,
      suggestion: { input, value: undefined },
    });
  }
  const seen = new Set<string>();
  owners.forEach((owner, i) => {
    checkAccountId(v, `${input}[${i}]`, owner);
    if (seen.has(owner)) fail(v, { code: ErrorCode.INVALID_ACCOUNT_ID, input: `${input}[${i}]`, value: owner, problem: `${owner} is listed twice`, fix: 'list each account once', suggestion: { input, value: [...new Set(owners)] } });
    seen.add(owner);
  });
  return owners;
}

function checkPrincipalArn(v: ValidationScope, value: string, coiledAccountId: string | undefined): void {
  if (Token.isUnresolved(value)) return;
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.exec(value);
  if (!match) {
    fail(v, { code: ErrorCode.INVALID_ARN, input: 'coiledPrincipalArn', value, problem: 'not an IAM role, user or account-root ARN', fix: 'copy the principal ARN Coiled gave you, e.g. "arn:aws:iam::077742499581:role/..."' });
  }
  if (coiledAccountId !== undefined && !Token.isUnresolved(coiledAccountId) && match[1] !== coiledAccountId) {
    fail(v, {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input: 'coiledPrincipalArn',
      value,
      problem: `the principal is in account ${match[1]}, but coiledAccountId says Coiled's account is ${coiledAccountId}`,
      fix: 'give the principal ARN Coiled gave you and leave coiledAccountId out, or make them agree',
      suggestion: { input: 'coiledAccountId', value: match[1] },
    });
  }
}
