import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './private/acknowledgements';
import { checkedConstructorScope } from './private/entry';
import { awsScope } from './private/scope';
import { ErrorCode, fail } from '../core/errors';
import { awsNames, checkWorkspaceName } from '../core/naming';

/** Props of {@link CoiledInstanceIdentity}. */
export interface CoiledInstanceIdentityProps {
  /** The Coiled workspace slug: the role and instance profile are `coiled-<workspace>`, the log group `<workspace>`. */
  readonly workspaceName: string;
  /**
   * How long cluster logs are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH (Coiled's 30 days)
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Encrypt the log group with this KMS key. Its key policy must let CloudWatch Logs use it.
   *
   * @default - CloudWatch Logs' own encryption at rest, unless `encryptLogs` is true
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Create a customer-managed KMS key (rotated yearly, ~$1/month) for the log group.
   *
   * @default false
   */
  readonly encryptLogs?: boolean;
  /**
   * Name of the managed policy attached to the instance role. Coiled looks for
   * `CoiledInstancePolicy` among the role's attached policies; managed-policy names are unique per
   * account, so only one workspace per account can create it (see `instancePolicy`).
   *
   * @default 'CoiledInstancePolicy'
   */
  readonly instancePolicyName?: string;
  /**
   * Attach this existing `CoiledInstancePolicy` instead of creating one: for a second workspace in
   * an account where another workspace owns the name. This workspace's own log permissions are
   * then added to the role inline.
   *
   * @default - a policy is created
   */
  readonly instancePolicy?: iam.IManagedPolicy;
}

/**
 * The identity Coiled's VMs run as: role `coiled-<workspace>` (trusted by EC2), the managed
 * policy `CoiledInstancePolicy` (write to this workspace's log streams, nothing else), instance
 * profile `coiled-<workspace>`, and the log group `<workspace>`.
 *
 * It is `IGrantable`: `bucket.grantRead(identity)` lets clusters read that bucket with no keys.
 */
export class CoiledInstanceIdentity extends Construct implements iam.IGrantable {
  /** The role the VMs run as. */
  public readonly role: iam.Role;
  /** The instance profile Coiled launches VMs with. */
  public readonly instanceProfile: iam.InstanceProfile;
  /** The policy Coiled checks for by name. */
  public readonly instancePolicy: iam.IManagedPolicy;
  /** The workspace log group. */
  public readonly logGroup: logs.LogGroup;
  /** The log group's name (the workspace name). */
  public readonly logGroupName: string;
  /** The KMS key of the log group, if any. */
  public readonly logEncryptionKey?: kms.IKey;
  /** The principal to grant data access to. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: CoiledInstanceIdentityProps) {
    super(checkedConstructorScope('aws.CoiledInstanceIdentity.new', scope, id, props), id);
    const v = awsScope(this);
    const workspaceName = checkWorkspaceName(v, props.workspaceName);
    // The prefixed names belong to the control plane and security groups, not to this construct.
    const names = awsNames(v, workspaceName, { instancePolicyName: props.instancePolicyName, fixedOnly: true });
    if (props.instancePolicy && props.instancePolicyName) {
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: 'instancePolicyName',
        value: props.instancePolicyName,
        problem: 'instancePolicyName names a policy to create, but instancePolicy attaches an existing one',
        fix: 'give one of them',
        suggestion: { input: 'instancePolicyName', value: undefined },
      });
    }
    if (props.encryptLogs && props.logEncryptionKey) {
      fail(v, { code: ErrorCode.CONFLICTING_OPTIONS, input: 'encryptLogs', value: true, problem: 'encryptLogs creates a key, but logEncryptionKey gives one', fix: 'give one of them', suggestion: { input: 'encryptLogs', value: undefined } });
    }
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (!Token.isUnresolved(retention) && !Object.values(logs.RetentionDays).includes(retention)) {
      const periods = Object.values(logs.RetentionDays).filter((d): d is logs.RetentionDays => typeof d === 'number' && d > 0);
      const closest = typeof retention === 'number' && retention > 0 ? periods.reduce((best, d) => (Math.abs(d - retention) < Math.abs(best - retention) ? d : best)) : logs.RetentionDays.ONE_MONTH;
      fail(v, {
        code: ErrorCode.INVALID_RETENTION,
        input: 'logRetention',
        value: retention,
        problem: 'CloudWatch Logs accepts only its fixed retention periods (days)',
        fix: `use a logs.RetentionDays value, e.g. ${logs.RetentionDays[closest]} (${closest} days)`,
        suggestion: { input: 'logRetention', value: closest },
      });
    }

    this.logGroupName = names.logGroupName;
    const stack = Stack.of(this);
    // CloudFormation's log-group `Arn` ends in `:*`, so stream ARNs are built from the name
    // (coiled-contract §10).
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: this.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    this.logEncryptionKey = props.logEncryptionKey;
    if (props.encryptLogs) {
      const key = new kms.Key(this, 'LogKey', {
        description: `Encrypts the Coiled log group ${this.logGroupName}`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsUseForWorkspaceLogGroup',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
        }),
      );
      this.logEncryptionKey = key;
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: this.logGroupName,
      retention,
      encryptionKey: this.logEncryptionKey,
      // Cluster logs outlive the stack: a reviewer may need them after teardown.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      roleName: names.instanceRoleName,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Coiled cluster VMs of workspace ${workspaceName}`,
    });
    this.grantPrincipal = this.role;

    const logStatement = new iam.PolicyStatement({
      sid: 'CoiledEC2LogPolicy',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroupArn}:log-stream:*`],
    });
    if (props.instancePolicy) {
      this.instancePolicy = props.instancePolicy;
      this.role.addManagedPolicy(props.instancePolicy);
      this.role.addToPolicy(logStatement);
    } else {
      this.instancePolicy = new iam.ManagedPolicy(this, 'Policy', {
        managedPolicyName: names.instancePolicyName,
        description: 'Permissions required for the CloudWatch agent to write to your cluster log group',
        statements: [logStatement],
        roles: [this.role],
      });
      acknowledgeWildcardResources(this.instancePolicy as iam.ManagedPolicy, [logStatement], {
        CoiledEC2LogPolicy: 'The CloudWatch agent writes one stream per VM, named at run time; only streams of this workspace log group',
      });
    }

    this.instanceProfile = new iam.InstanceProfile(this, 'InstanceProfile', {
      instanceProfileName: names.instanceProfileName,
      role: this.role,
    });
  }
}
