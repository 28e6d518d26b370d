import { Aws, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkManagedPolicySize } from './policy-size';
import { awsScope } from './scope';
import { SecretRegistry } from '../../core/secrets';
import type { CoiledSecret } from '../secret';
import type { CoiledWorkspace } from '../workspace';

/** The longest a Secrets Manager ARN prefix can be: `arn:aws-us-gov:secretsmanager:<16-character region>:<account>:secret:`, with room to spare. */
const LONGEST_SECRET_ARN_PREFIX = 80;

/**
 * The workspace's grants to its secrets: one managed policy `<namePrefix>-secrets` on the instance
 * role, created with the first secret, holding one read statement over every secret's ARN and one
 * decrypt statement over their customer-managed keys. One policy, not one per secret: a role takes
 * at most 10 managed policies by default.
 */
export class WorkspaceSecretsAccess {
  public readonly registry = new SecretRegistry();
  public readonly secrets: CoiledSecret[] = [];
  private policy?: iam.ManagedPolicy;
  private readonly read = new iam.PolicyStatement({ sid: 'ReadWorkspaceSecrets', actions: ['secretsmanager:GetSecretValue'] });
  private decrypt?: iam.PolicyStatement;
  private readonly decryptRegions = new Set<string>();
  private readonly decryptSecretArns: string[] = [];
  private readonly secretArnLengths = new Map<string, number>();

  constructor(
    private readonly workspace: CoiledWorkspace,
    private readonly policyName: string,
    private readonly claim: (policyName: string) => void,
  ) {}

  public grant(secret: CoiledSecret, stack: Stack, region: string | undefined): void {
    const policy = this.policy ?? this.createPolicy();
    this.secrets.push(secret);
    this.read.addResources(secret.secretArn);
    if (secret.resource) this.secretArnLengths.set(stack.getLogicalId(secret.resource), LONGEST_SECRET_ARN_PREFIX + secret.secretId.length + 7);
    if (secret.encryptionKey) {
      if (!this.decrypt) {
        this.decrypt = new iam.PolicyStatement({
          sid: 'DecryptWorkspaceSecrets',
          actions: ['kms:Decrypt'],
          conditions: {
            // Only Secrets Manager may use the key on the VMs' behalf, and only for these secrets
            // (Secrets Manager puts the secret's ARN in the encryption context).
            StringEquals: { 'kms:ViaService': Lazy.list({ produce: () => [...this.decryptRegions] }) },
            StringLike: { 'kms:EncryptionContext:SecretARN': Lazy.list({ produce: () => this.decryptSecretArns }) },
          },
        });
        policy.addStatements(this.decrypt);
      }
      this.decrypt.addResources(secret.encryptionKey.keyArn);
      this.decryptRegions.add(`secretsmanager.${region ?? Aws.REGION}.${Aws.URL_SUFFIX}`);
      this.decryptSecretArns.push(secret.secretArn);
    }
  }

  private createPolicy(): iam.ManagedPolicy {
    this.claim(this.policyName);
    this.policy = new iam.ManagedPolicy(this.workspace, 'SecretsPolicy', {
      managedPolicyName: this.policyName,
      description: `Lets the cluster VMs of Coiled workspace ${this.workspace.workspaceName} read its secrets, and no other`,
      statements: [this.read],
      roles: [this.workspace.instanceRole],
    });
    const policy = this.policy;
    policy.node.addValidation({
      validate: () => {
        checkManagedPolicySize(awsScope(policy), policy, { input: 'secrets', fix: 'adopt fewer secrets in this workspace, or keep several values in one secret as JSON', refLength: (id) => this.secretArnLengths.get(id) });
        return [];
      },
    });
    return this.policy;
  }
}
