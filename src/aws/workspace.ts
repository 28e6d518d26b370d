import { Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { CoiledControlPlaneRole, ControlPlaneAccess, ControlPlaneCapabilities } from './control-plane-role';
import { CoiledInstanceIdentity } from './instance-identity';
import { CoiledNetwork, NetworkMode } from './network';
import { checkCall, checkedConstructorScope } from './private/entry';
import { awsScope } from './private/scope';
import { WorkspaceSecretsAccess } from './private/secrets-access';
import { orderTagsWithoutIcu } from './private/tag-order';
import { CoiledSecret, CoiledSecretProps } from './secret';
import { CoiledSecurityGroups } from './security-groups';
import { ErrorCode, fail } from '../core/errors';
import { WorkspaceFirewallOptions } from '../core/firewall-options';
import { IngressRule } from '../core/ingress';
import { withOuterNames } from '../core/input-names';
import { NameClaim, awsNames, checkWorkspaceName, claimNames } from '../core/naming';
import { WorkspaceNetworkModel } from '../core/network-paths';
import { checkSecretList } from '../core/secrets';
import { buildNetworkModel } from '../core/workspace-model';

/** Props of {@link CoiledWorkspace}. */
export interface CoiledWorkspaceProps extends WorkspaceFirewallOptions {
  /**
   * Your Coiled workspace slug. Coiled requires the instance role and profile to be named
   * `coiled-<workspace>` and the log group `<workspace>`.
   */
  readonly workspaceName: string;
  /**
   * The external ID Coiled presents when it assumes the control-plane role (from Coiled's role
   * setup form, or one you generate and enter there, e.g. `openssl rand -hex 16`).
   */
  readonly externalId: string;
  /**
   * The network: a new public VPC (Coiled's template), a new private one, or yours.
   *
   * @default CoiledNetwork.publicSubnets()
   */
  readonly network?: CoiledNetwork;
  /**
   * Your account's quota of rules per security group and direction. Raise it here after raising it
   * with AWS.
   *
   * @default 60
   */
  readonly securityGroupRuleQuota?: number;
  /**
   * How much Coiled's control plane may do in your account.
   *
   * @default ControlPlaneAccess.RESTRICTED
   */
  readonly controlPlaneAccess?: ControlPlaneAccess;
  /**
   * Optional Coiled features the control plane may use with RESTRICTED access (images in your
   * ECR, stop/start, placement groups, per-cluster security groups).
   *
   * @default - images in ECR, stop/start and placement groups on; per-cluster security groups off
   */
  readonly controlPlaneCapabilities?: ControlPlaneCapabilities;
  /**
   * Coiled's AWS account, trusted to assume the control-plane role.
   *
   * @default '077742499581'
   */
  readonly coiledAccountId?: string;
  /**
   * Trust exactly this principal ARN instead of Coiled's whole account, when Coiled gives you one.
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
   * A permissions boundary applied to every role the workspace creates (instance role,
   * control-plane role, flow-log role, NAT instance role). Enterprise accounts often mandate one.
   *
   * @default - no boundary
   */
  readonly permissionsBoundaryPolicy?: iam.IManagedPolicy;
  /**
   * How long cluster logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Encrypt the log group with this KMS key (its policy must let CloudWatch Logs use it).
   *
   * @default - CloudWatch Logs' own encryption at rest
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Create a customer-managed KMS key for the log group (~$1/month).
   *
   * @default false
   */
  readonly encryptLogs?: boolean;
  /**
   * Name of the instance policy. Managed-policy names are unique per account: only one workspace
   * per account can create `CoiledInstancePolicy`; a second one passes `instancePolicy`.
   *
   * @default 'CoiledInstancePolicy'
   */
  readonly instancePolicyName?: string;
  /**
   * Attach this existing `CoiledInstancePolicy` (another workspace's) instead of creating one.
   *
   * @default - a policy is created
   */
  readonly instancePolicy?: iam.IManagedPolicy;
  /**
   * Prefix of every name that Coiled does not fix (control-plane role and policies, security groups).
   *
   * @default 'coiled-<workspace>'
   */
  readonly namePrefix?: string;
  /**
   * Name of the control-plane role.
   *
   * @default '<namePrefix>-control-plane'
   */
  readonly controlPlaneRoleName?: string;
  /**
   * Secrets the cluster VMs may read (a database token, a third-party API key): each in Secrets
   * Manager as `coiled/<workspace>/<name>`, readable by role `coiled-<workspace>` alone; the
   * cluster is told only its name. Construct ids derive from the names. More with `addSecret`.
   *
   * @default - none
   */
  readonly secrets?: CoiledSecretProps[];
}

const claimsByApp = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Everything Coiled needs in your AWS account: network, scheduler and cluster security groups,
 * the VM identity (role, `CoiledInstancePolicy`, instance profile, log group), and the role
 * Coiled's control plane assumes with an external ID.
 *
 * Ingress to the scheduler works the CDK way too: `workspace.connections.allowFrom(peer, port)`.
 * Data access is a grant: `bucket.grantRead(workspace)`.
 */
export class CoiledWorkspace extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The Coiled workspace slug. */
  public readonly workspaceName: string;
  /** The network's shape. */
  public readonly networkMode: NetworkMode;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** Subnets the scheduler is launched into. */
  public readonly schedulerSubnetIds: string[];
  /** Subnets workers are launched into. */
  public readonly workerSubnetIds: string[];
  /** Every subnet VMs may be launched into. */
  public readonly subnetIds: string[];
  /** The scheduler's security group (`scheduler_firewall_id`). */
  public readonly schedulerSecurityGroup: ec2.ISecurityGroup;
  /** The security group of every cluster VM (`firewall_id`). */
  public readonly clusterSecurityGroup: ec2.ISecurityGroup;
  /**
   * Connections of the scheduler: `allowFrom` opens the scheduler; when the workspace is the
   * peer (e.g. `db.connections.allowDefaultPortFrom(workspace)`), every cluster VM is meant.
   */
  public readonly connections: ec2.Connections;
  /** Connections of every cluster VM (e.g. `allowTo` a database under restricted egress). */
  public readonly clusterConnections: ec2.Connections;
  /** The VM identity. */
  public readonly instanceIdentity: CoiledInstanceIdentity;
  /** The role the VMs run as (`coiled-<workspace>`). */
  public readonly instanceRole: iam.IRole;
  /** The instance profile (`coiled-<workspace>`). */
  public readonly instanceProfile: iam.IInstanceProfile;
  /** `CoiledInstancePolicy`. */
  public readonly instancePolicy: iam.IManagedPolicy;
  /** The workspace log group (`<workspace>`). */
  public readonly logGroup: logs.ILogGroup;
  /** The log group's name. */
  public readonly logGroupName: string;
  /** The role Coiled's control plane assumes. */
  public readonly controlPlane: CoiledControlPlaneRole;
  /** The external ID of the control-plane role. */
  public readonly externalId: string;
  /** Whether Coiled should give workers public IPs (`give_workers_public_ip`). */
  public readonly workersPublicIp: boolean;
  /** Whether clients should use the scheduler's public IP (`use_scheduler_public_ip`). */
  public readonly schedulerPublicIp: boolean;
  /** Static egress addresses (NAT Elastic IPs), when the network has them. */
  public readonly natPublicIps: string[];
  /** The scheduler ingress actually rendered (normalised), for the hand-off. */
  public readonly ingressRules: IngressRule[];
  /** The principal data access is granted to (the instance role). */
  public readonly grantPrincipal: iam.IPrincipal;
  /** @internal */
  public readonly _networkModel: WorkspaceNetworkModel;
  /** @internal */
  public _onSecretAdded?: () => void;
  private readonly secretsAccess: WorkspaceSecretsAccess;

  constructor(scope: Construct, id: string, props: CoiledWorkspaceProps) {
    super(checkedConstructorScope('aws.CoiledWorkspace.new', scope, id, props), id);
    const v = awsScope(this);
    this.workspaceName = checkWorkspaceName(v, props.workspaceName);
    const names = awsNames(v, this.workspaceName, {
      namePrefix: props.namePrefix,
      instancePolicyName: props.instancePolicyName,
      controlPlaneRoleName: props.controlPlaneRoleName,
    });
    this.claimNames(props, names);

    const network = (props.network ?? CoiledNetwork.publicSubnets()).bind(new Construct(this, 'Network'));
    this.networkMode = network.mode;
    this.vpc = network.vpc;
    this.schedulerSubnetIds = network.schedulerSubnetIds;
    this.workerSubnetIds = network.workerSubnetIds;
    this.subnetIds = [...new Set([...network.workerSubnetIds, ...network.schedulerSubnetIds])];
    this.workersPublicIp = network.workersPublicIp;
    this.schedulerPublicIp = network.schedulerPublicIp;
    this.natPublicIps = network.natPublicIps;

    if (network.schedulerSecurityGroup || network.clusterSecurityGroup) {
      if (!network.schedulerSecurityGroup || !network.clusterSecurityGroup) {
        fail(v, {
          code: ErrorCode.CONFLICTING_OPTIONS,
          input: 'network.schedulerSecurityGroup',
          value: network.schedulerSecurityGroup ? 'schedulerSecurityGroup only' : 'clusterSecurityGroup only',
          problem: 'existing security groups come in pairs: Coiled needs a scheduler group and a cluster group',
          fix: 'give both schedulerSecurityGroup and clusterSecurityGroup, or neither',
        });
      }
      for (const input of ['ingress', 'schedulerPort', 'workerPorts', 'restrictEgress', 'dataSources', 'securityGroupRuleQuota'] as const) {
        if (props[input] === undefined) continue;
        fail(v, {
          code: ErrorCode.CONFLICTING_OPTIONS,
          input,
          value: props[input],
          problem: 'the network gives existing security groups, whose rules you manage: the workspace adds no rule to them, so this would be ignored',
          fix: `remove ${input} (and manage the rule in your groups), or let the workspace create its groups (leave schedulerSecurityGroup and clusterSecurityGroup out of the network)`,
          suggestion: { input, value: undefined },
        });
      }
      this.schedulerSecurityGroup = network.schedulerSecurityGroup;
      this.clusterSecurityGroup = network.clusterSecurityGroup;
      this._networkModel = buildNetworkModel(awsScope(new Construct(this, 'ExistingSecurityGroups')), {
        ingress: [],
        workersPublicIp: this.workersPublicIp,
        schedulerPublicIp: this.schedulerPublicIp,
      });
    } else {
      const groups = new CoiledSecurityGroups(this, 'SecurityGroups', withOuterNames({
        vpc: this.vpc,
        ingress: props.ingress,
        schedulerPort: props.schedulerPort,
        workerPorts: props.workerPorts,
        restrictEgress: props.restrictEgress,
        dataSources: props.dataSources,
        ruleQuota: props.securityGroupRuleQuota,
        schedulerSecurityGroupName: names.schedulerSecurityGroupName,
        clusterSecurityGroupName: names.clusterSecurityGroupName,
        workersPublicIp: this.workersPublicIp,
        schedulerPublicIp: this.schedulerPublicIp,
        workspaceName: this.workspaceName,
      }, { ruleQuota: 'securityGroupRuleQuota' }));
      this.schedulerSecurityGroup = groups.schedulerSecurityGroup;
      this.clusterSecurityGroup = groups.clusterSecurityGroup;
      this._networkModel = groups._model;
    }
    this.ingressRules = this._networkModel.ingress.map((r) => ({ ports: r.ports, cidr: r.cidr, description: r.description }));
    this.connections = new ec2.Connections({ securityGroups: [this.schedulerSecurityGroup], peer: this.clusterSecurityGroup });
    this.clusterConnections = this.clusterSecurityGroup.connections;

    this.instanceIdentity = new CoiledInstanceIdentity(this, 'InstanceIdentity', {
      workspaceName: this.workspaceName,
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
      encryptLogs: props.encryptLogs,
      instancePolicyName: props.instancePolicyName,
      instancePolicy: props.instancePolicy,
    });
    this.instanceRole = this.instanceIdentity.role;
    this.instanceProfile = this.instanceIdentity.instanceProfile;
    this.instancePolicy = this.instanceIdentity.instancePolicy;
    this.logGroup = this.instanceIdentity.logGroup;
    this.logGroupName = this.instanceIdentity.logGroupName;
    this.grantPrincipal = this.instanceIdentity.grantPrincipal;

    this.controlPlane = new CoiledControlPlaneRole(this, 'ControlPlane', withOuterNames({
      workspaceName: this.workspaceName,
      externalId: props.externalId,
      access: props.controlPlaneAccess,
      instanceRole: this.instanceRole,
      instanceProfile: this.instanceProfile,
      instancePolicy: this.instancePolicy,
      logGroupName: this.logGroupName,
      vpcId: this.vpc.vpcId,
      subnetIds: this.subnetIds,
      securityGroupIds: [this.schedulerSecurityGroup.securityGroupId, this.clusterSecurityGroup.securityGroupId],
      capabilities: props.controlPlaneCapabilities,
      coiledAccountId: props.coiledAccountId,
      coiledPrincipalArn: props.coiledPrincipalArn,
      amiOwnerAccountIds: props.amiOwnerAccountIds,
      namePrefix: props.namePrefix,
      roleName: props.controlPlaneRoleName,
    }, { roleName: 'controlPlaneRoleName', access: 'controlPlaneAccess' }));
    this.externalId = this.controlPlane.externalId;

    this.secretsAccess = new WorkspaceSecretsAccess(this, names.secretsPolicyName, (policyName) =>
      this.claim('namePrefix', props.namePrefix ?? policyName, 'policy', policyName, 'give the second workspace another namePrefix'),
    );
    for (const [i, secret] of checkSecretList(awsScope(this), props.secrets).entries()) this.createSecret(secret?.name, secret, `secrets[${i}]`);

    if (props.permissionsBoundaryPolicy) iam.PermissionsBoundary.of(this).apply(props.permissionsBoundaryPolicy);
    Tags.of(this).add('coiled-workspace', this.workspaceName);
    orderTagsWithoutIcu(this);
  }

  /** The secrets the cluster VMs may read, in the order they were added. */
  public get secrets(): CoiledSecret[] {
    return [...this.secretsAccess.secrets];
  }

  /**
   * Adds a secret the cluster VMs may read: a Secrets Manager secret `coiled/<workspace>/<name>`
   * (or an existing one, adopted), `secretsmanager:GetSecretValue` on it alone for role
   * `coiled-<workspace>`, nothing for the control plane. Its value never passes through the
   * template unless you allow it: `npx coiled-byoc handoff` prints the command that sets it, the
   * `environ={...}` that tells the cluster its name, and the Python that reads it there.
   */
  public addSecret(id: string, props: CoiledSecretProps): CoiledSecret {
    checkCall('aws.CoiledWorkspace.addSecret', this.node.path, [id, props]);
    return this.createSecret(id, props, `addSecret('${id}')`);
  }

  private createSecret(id: string, props: CoiledSecretProps, input: string): CoiledSecret {
    const secret = CoiledSecret._create(this, id, props, input, this.secretsAccess);
    if (secret.resource) {
      this.claim(`${input}.name`, secret.name, 'secret', secret.secretId, 'Secrets Manager names are unique per account and region: each workspace needs its own Coiled workspace name', true);
    }
    this._onSecretAdded?.();
    return secret;
  }

  /** Claims a name created after construction (the secrets policy, a secret), unique per account (and region). */
  private claim(input: string, inputValue: unknown, kind: string, name: string, fix: string, regional = false): void {
    const root = this.node.root;
    const taken = claimsByApp.get(root) ?? new Map<string, string>();
    claimsByApp.set(root, taken);
    const { account, region } = Stack.of(this);
    // Keys may hold tokens (environment-agnostic stacks); messages never do.
    const inAccount = Token.isUnresolved(account) ? "the stack's account (environment-agnostic: the account it is deployed to)" : `account ${account}`;
    const where = regional ? `${inAccount}, ${Token.isUnresolved(region) ? "in the stack's region" : `region ${region}`}` : inAccount;
    claimNames(awsScope(this), taken, [{ input, inputValue, key: `${account}${regional ? `/${region}` : ''}/${kind}/${name}`, name, where, fix }]);
  }

  /** Fails early when another workspace of this app already creates one of our account-unique names. */
  private claimNames(props: CoiledWorkspaceProps, names: ReturnType<typeof awsNames>): void {
    const root = this.node.root;
    const taken = claimsByApp.get(root) ?? new Map<string, string>();
    claimsByApp.set(root, taken);
    const stack = Stack.of(this);
    const account = stack.account;
    const region = stack.region;
    // Keys may hold tokens (environment-agnostic stacks); messages never do.
    const inAccount = Token.isUnresolved(account) ? "the stack's account (environment-agnostic: the account it is deployed to)" : `account ${account}`;
    const inRegion = Token.isUnresolved(region) ? `${inAccount}, in the stack's region` : `${inAccount}, region ${region}`;
    const given: Record<string, unknown> = {
      workspaceName: this.workspaceName,
      namePrefix: props.namePrefix,
      controlPlaneRoleName: props.controlPlaneRoleName,
      instancePolicyName: props.instancePolicyName,
    };
    const claim = (input: string, kind: string, name: string, fix: string, where = inAccount, scoped = `${account}`): NameClaim => ({
      input,
      inputValue: given[input] ?? name,
      key: `${scoped}/${kind}/${name}`,
      name,
      where,
      fix,
    });
    const claims: NameClaim[] = [
      claim('workspaceName', 'role', names.instanceRoleName, 'each workspace needs its own Coiled workspace name'),
      claim('workspaceName', 'instance-profile', names.instanceProfileName, 'each workspace needs its own Coiled workspace name'),
      claim('workspaceName', 'log-group', names.logGroupName, 'each workspace needs its own Coiled workspace name', inRegion, `${account}/${region}`),
      claim(props.controlPlaneRoleName !== undefined ? 'controlPlaneRoleName' : 'namePrefix', 'role', names.controlPlaneRoleName, 'give the second workspace another namePrefix or controlPlaneRoleName'),
      claim('namePrefix', 'policy', names.ongoingPolicyName, 'give the second workspace another namePrefix'),
      claim('namePrefix', 'policy', names.setupPolicyName, 'give the second workspace another namePrefix'),
      claim('namePrefix', 'policy', names.capabilitiesPolicyName, 'give the second workspace another namePrefix'),
    ];
    if (!props.instancePolicy) {
      claims.push(
        claim(
          'instancePolicyName',
          'policy',
          names.instancePolicyName,
          "managed-policy names are unique per account and Coiled looks for 'CoiledInstancePolicy': let the second workspace attach the first one's policy with `instancePolicy: first.instancePolicy` (or `iam.ManagedPolicy.fromManagedPolicyName(this, 'CoiledInstancePolicy', 'CoiledInstancePolicy')` across apps); its own log permissions are then added inline",
        ),
      );
    }
    claimNames(awsScope(this), taken, claims);
  }
}
