import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './private/acknowledgements';
import { awsScope } from './private/scope';
import type { WorkspaceSecretsAccess } from './private/secrets-access';
import type { CoiledWorkspace } from './workspace';
import { ErrorCode, ValidationScope, fail } from '../core/errors';
import { HandoffSecret } from '../core/handoff-secrets';
import { CoiledSecretOptions, SecretPlan, SecretValueSource, SecretValueSourceValue, checkSecretOptions, planSecret, plaintextValueWarning } from '../core/secrets';

/** Props of a secret of an AWS workspace ({@link CoiledWorkspace.addSecret}, or the `secrets` prop). */
export interface CoiledSecretProps extends CoiledSecretOptions {
  /**
   * Adopt the existing secret with this name (in the stack's account and region) instead of
   * creating one: the workspace only grants the cluster VMs read access to it.
   *
   * @default - a secret `coiled/<workspace>/<name>` is created
   */
  readonly existingSecretName?: string;
  /**
   * Adopt the existing secret with this complete ARN (ending in `-` and the six characters Secrets
   * Manager adds) instead of creating one; it may be in another region or account (its resource
   * policy and its key's policy must then allow role `coiled-<workspace>` too).
   *
   * @default - a secret `coiled/<workspace>/<name>` is created
   */
  readonly existingSecretArn?: string;
  /**
   * Have Secrets Manager generate the value at deploy (32 letters and digits): for a password you
   * then configure at the service that checks it. Nobody sees it until someone with
   * `secretsmanager:GetSecretValue` reads it.
   *
   * @default false - the secret is created empty; set its value with the command the hand-off prints
   */
  readonly generateValue?: boolean;
  /**
   * The customer-managed KMS key that encrypts the secret (for an adopted secret: the key it is
   * encrypted with). The cluster VMs are then also granted `kms:Decrypt` on this key, only
   * through Secrets Manager and only for this secret. The key's policy must let IAM policies of
   * the account grant its use (the default key policy does).
   *
   * @default - the account's AWS-managed key `aws/secretsmanager`, which needs no grant
   */
  readonly encryptionKey?: kms.IKey;
}

/** Secrets Manager names: 1-512 of `A-Za-z0-9/_+=.@-` (CreateSecret API). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A complete secret ARN: Secrets Manager appends `-` and six characters to the name (Secrets Manager User Guide, "Secret ARN"). */
const COMPLETE_SECRET_ARN = /^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/**
 * A secret the cluster VMs of one workspace may read: in AWS Secrets Manager, named
 * `coiled/<workspace>/<name>` (or an existing one, adopted), with `secretsmanager:GetSecretValue`
 * on it alone (and `kms:Decrypt` of its customer-managed key, if any, only through Secrets Manager
 * for this secret) for role `coiled-<workspace>`, in the workspace's managed policy
 * `<namePrefix>-secrets`. The control-plane role gets nothing. The value never passes through the
 * template unless you allow it: Secrets Manager generates it, or you set it after deploying.
 *
 * Create it with `workspace.addSecret(id, props)` or the workspace's `secrets` prop.
 */
export class CoiledSecret extends Construct {
  /** @internal */
  public static _create(
    workspace: CoiledWorkspace,
    id: string,
    props: CoiledSecretProps,
    input: string,
    access: WorkspaceSecretsAccess,
  ): CoiledSecret {
    const v = awsScope(workspace);
    checkSecretOptions(v, input, props);
    if (props.encryptionKey !== undefined && (props.encryptionKey === null || typeof props.encryptionKey !== 'object' || !('keyArn' in props.encryptionKey))) {
      fail(v, { code: ErrorCode.INVALID_ARN, input: `${input}.encryptionKey`, value: props.encryptionKey, problem: 'not a KMS key', fix: "pass a kms.IKey, e.g. kms.Key.fromKeyArn(this, 'SecretKey', '<key ARN>')" });
    }
    const existing = checkExisting(v, Stack.of(workspace), input, props);
    if (props.generateValue === true && existing) {
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: `${input}.generateValue`,
        value: true,
        problem: 'an adopted secret keeps its own value: nothing is generated',
        fix: 'leave generateValue out',
        suggestion: { input: `${input}.generateValue`, value: undefined },
      });
    }
    const plan = planSecret(v, input, workspace.workspaceName, props, { adopted: existing !== undefined, generated: props.generateValue === true });
    access.registry.claim(v, input, plan);
    return new CoiledSecret(workspace, id, props, plan, existing, access);
  }

  /** The secret's name within the workspace. */
  public readonly name: string;
  /**
   * What the cluster is told, in `environmentVariable`: the Secrets Manager name
   * (`coiled/<workspace>/<name>`, or the adopted secret's name), or the ARN of a secret adopted
   * by ARN.
   */
  public readonly secretId: string;
  /** The ARN the cluster VMs may read (for a secret adopted by name: its name followed by `-??????`). */
  public readonly secretArn: string;
  /** The environment variable that carries `secretId` to the cluster. */
  public readonly environmentVariable: string;
  /** Where the value comes from: `set-after-deploy`, `generated`, `in-template` or `existing`. */
  public readonly valueSource: string;
  /** The customer-managed key of the secret, if any. */
  public readonly encryptionKey?: kms.IKey;
  /** The secret resource, when the workspace created it. */
  public readonly resource?: secretsmanager.CfnSecret;

  private constructor(
    workspace: CoiledWorkspace,
    id: string,
    props: CoiledSecretProps,
    plan: SecretPlan,
    existing: ExistingSecret | undefined,
    access: WorkspaceSecretsAccess,
  ) {
    super(secretsScope(workspace), id);
    this.name = plan.name;
    this.environmentVariable = plan.environmentVariable;
    this.valueSource = plan.valueSource;
    this.encryptionKey = props.encryptionKey;
    const stack = Stack.of(this);

    if (existing) {
      this.secretId = existing.secretId;
      this.secretArn = existing.arn;
    } else {
      if (plan.valueSource === SecretValueSource.IN_TEMPLATE) awsScope(this).warn('coiled-byoc:secretValueInTemplate', plaintextValueWarning(plan, 'template'));
      this.resource = new secretsmanager.CfnSecret(this, 'Resource', {
        name: plan.awsSecretName,
        description: plan.description,
        kmsKeyId: props.encryptionKey?.keyArn,
        // By default neither SecretString nor GenerateSecretString: CloudFormation creates the
        // secret empty (CfnSecret's documentation), and the value is set afterwards, outside the template.
        generateSecretString: plan.valueSource === SecretValueSource.GENERATED ? { passwordLength: 32, excludePunctuation: true } : undefined,
        secretString: plan.valueSource === SecretValueSource.IN_TEMPLATE ? props.value : undefined,
      });
      // A token is rotated by whoever issued it (a database, a SaaS API); Secrets Manager's rotation
      // needs a Lambda function that knows that issuer's API, which no library can supply.
      const rotation = 'The value is a token issued outside AWS: its issuer rotates it; set the new value with the put-secret-value command the hand-off prints (Secrets Manager rotation would need a Lambda that knows the issuer)';
      acknowledge(this.resource, ['NIST.800.53.R5', 'HIPAA.Security'], 'SecretsManagerRotationEnabled', rotation);
      acknowledge(this.resource, ['AwsSolutions'], 'SMG4', rotation);
      this.secretId = plan.awsSecretName;
      this.secretArn = this.resource.ref;
    }
    access.grant(this, stack, existing?.region);
  }

  /** @internal */
  public _handoff(): HandoffSecret {
    const value = this.valueSource as SecretValueSourceValue;
    return { name: this.name, secretId: this.secretId, environmentVariable: this.environmentVariable, value };
  }
}

interface ExistingSecret {
  readonly secretId: string;
  readonly arn: string;
  /** The secret's region, when it is not the stack's. */
  readonly region?: string;
}

function checkExisting(v: ValidationScope, stack: Stack, input: string, props: CoiledSecretProps): ExistingSecret | undefined {
  const { existingSecretName: name, existingSecretArn: arn } = props;
  if (name !== undefined && arn !== undefined) {
    fail(v, {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input: `${input}.existingSecretArn`,
      value: arn,
      problem: 'existingSecretName and existingSecretArn both name the secret to adopt',
      fix: 'give one of them',
      suggestion: { input: `${input}.existingSecretArn`, value: undefined },
    });
  }
  if (name !== undefined) {
    if (!Token.isUnresolved(name) && (typeof name !== 'string' || !SECRET_NAME.test(name) || name.startsWith('arn:'))) {
      fail(v, {
        code: ErrorCode.INVALID_NAME,
        input: `${input}.existingSecretName`,
        value: name,
        problem: 'a Secrets Manager secret name has 1-512 letters, digits and /_+=.@- characters',
        fix: typeof name === 'string' && name.startsWith('arn:') ? 'an ARN goes in existingSecretArn' : 'give the name exactly as the Secrets Manager console shows it',
      });
    }
    // Secrets Manager appends `-` and six characters to the name in the ARN; `?` matches exactly one.
    return { secretId: name, arn: stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${name}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) };
  }
  if (arn !== undefined) {
    if (!Token.isUnresolved(arn) && (typeof arn !== 'string' || !COMPLETE_SECRET_ARN.test(arn))) {
      fail(v, {
        code: ErrorCode.INVALID_ARN,
        input: `${input}.existingSecretArn`,
        value: arn,
        problem: 'not the complete ARN of a Secrets Manager secret (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)',
        fix: 'copy the "Secret ARN" from the Secrets Manager console, or give existingSecretName for a secret of this account and region',
      });
    }
    if (!Token.isUnresolved(arn) && !Token.isUnresolved(stack.account) && arn.split(':')[4] !== stack.account) {
      v.warn(
        'coiled-byoc:secretInOtherAccount',
        `${input}.existingSecretArn is a secret of account ${arn.split(':')[4]}: its resource policy must allow role coiled-<workspace> of this account to call secretsmanager:GetSecretValue, and it must be encrypted with a customer-managed key (give it as encryptionKey) whose policy allows kms:Decrypt, since the AWS-managed key cannot be used across accounts.`,
      );
    }
    return { secretId: arn, arn, region: Token.isUnresolved(arn) ? undefined : arn.split(':')[3] };
  }
  return undefined;
}

function secretsScope(workspace: CoiledWorkspace): Construct {
  return (workspace.node.tryFindChild('Secrets') as Construct | undefined) ?? new Construct(workspace, 'Secrets');
}
