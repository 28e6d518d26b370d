import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { COILED_AWS_ACCOUNT_ID, RestrictedPolicyInputs, WILDCARD_RESOURCE_ACTIONS, restrictedOngoingStatements, restrictedSetupStatements, standardOngoingStatements, standardSetupStatements } from './policies';
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
    if (this.access === ControlPlaneAccess.STANDARD) {
      ongoing = standardOngoingStatements();
      setup = standardSetupStatements();
    } else {
      if (props.vpcId === undefined) {
        fail(v, { code: ErrorCode.CONFLICTING_OPTIONS, input: 'vpcId', value: undefined, problem: 'RESTRICTED access scopes every launch to one VPC', fix: 'pass the workspace VPC id, or use ControlPlaneAccess.STANDARD' });
      }
      const inputs: RestrictedPolicyInputs = {
        vpcId: props.vpcId,
        instanceRoleArn: props.instanceRole.roleArn,
        instanceProfileArn: props.instanceProfile.instanceProfileArn,
        instancePolicyArn: props.instancePolicy.managedPolicyArn,
        logGroupName: props.logGroupName,
        amiOwnerAccountIds: amiOwners,
      };
      ongoing = restrictedOngoingStatements(Stack.of(this), inputs);
      setup = restrictedSetupStatements(inputs);
    }
    const description = 'Permissions required for Coiled to operate in your AWS account';
    this.ongoingPolicy = new iam.ManagedPolicy(this, 'OngoingPolicy', { managedPolicyName: names.ongoingPolicyName, description, statements: ongoing, roles: [this.role] });
    this.setupPolicy = new iam.ManagedPolicy(this, 'SetupPolicy', { managedPolicyName: names.setupPolicyName, description, statements: setup, roles: [this.role] });
    // STANDARD is Coiled's own wide policy: its findings stay visible to the user's review.
    if (this.access === ControlPlaneAccess.RESTRICTED) acknowledgeWildcardResources(this.ongoingPolicy, RESTRICTED_WILDCARD_REASONS);
  }
}

const noResourceLevel = `actions AWS offers no resource-level permission for (${Object.keys(WILDCARD_RESOURCE_ACTIONS).join(', ')}); reasons per action in WILDCARD_RESOURCE_ACTIONS`;
const RESTRICTED_WILDCARD_REASONS: Record<string, string> = {
  Network: 'Security groups Coiled creates for clusters get their ids at run time; the ec2:Vpc condition limits them to this VPC',
  RunInstancesInVpc: "Any subnet Coiled picks, but the ec2:Vpc condition limits launches to this VPC's subnets",
  RunInstancesImage: "AMI ids change with every Coiled release; the ec2:Owner condition limits launches to Coiled's image account",
  RemainingRunInstancePermissions: 'Instances, volumes, interfaces, fleets and spot requests Coiled launches get their ids at run time; every ARN is scoped to this account and region',
  TerminateInstances: 'Instance ids exist only at run time; the condition limits termination to instances tagged owner=coiled',
  LoggingRead: 'One log stream per VM, named at run time; only streams of this workspace log group',
  ECRAccess: 'Pull-only, on repositories of this account and region where Coiled keeps software environments',
  LaunchTemplateManagement: 'Launch templates Coiled creates per cluster get their ids at run time; this account and region only',
  TagLaunchedResources: 'Tags what Coiled launches (ids known at run time); this account and region only',
  LoggingDescribe: noResourceLevel,
  ECRToken: noResourceLevel,
  EverythingElse: noResourceLevel,
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
