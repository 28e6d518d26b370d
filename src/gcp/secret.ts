import type { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { GenericSecretManagerSecretIamMember } from './private/generic-google';
import { google } from './private/provider-google';
import { gcpScope } from './private/scope';
import { GcpSecretContext } from './private/secret-context';
import { ErrorCode, ValidationScope, fail } from '../core/errors';
import { HandoffSecret } from '../core/handoff-secrets';
import { CoiledSecretOptions, SecretValueSource, SecretValueSourceValue, checkSecretOptions, planSecret, plaintextValueWarning } from '../core/secrets';

/** Props of a secret of a GCP workspace ({@link CoiledGcpWorkspace.addSecret}, or the `secrets` prop). */
export interface CoiledGcpSecretProps extends CoiledSecretOptions {
  /**
   * Adopt the existing secret with this id instead of creating one: the workspace only grants the
   * cluster VMs' service account `roles/secretmanager.secretAccessor` on it.
   *
   * @default - a secret `coiled-<workspace>-<name>` is created
   */
  readonly existingSecretId?: string;
  /**
   * The project of the adopted secret (`existingSecretId`).
   *
   * @default - the workspace's project
   */
  readonly existingSecretProjectId?: string;
}

/** Secret Manager secret ids: 1-255 of `A-Za-z0-9_-` (projects.secrets.create). */
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
/** The predefined role that reads secret versions (secretmanager.versions.access) and nothing else. */
export const SECRET_ACCESSOR_ROLE = 'roles/secretmanager.secretAccessor';

/**
 * A secret the cluster VMs of one workspace may read: in GCP Secret Manager, id
 * `coiled-<workspace>-<name>` (or an existing one, adopted), with `roles/secretmanager.secretAccessor`
 * on that secret alone for the data service account, bound additively
 * (`google_secret_manager_secret_iam_member`). The control-plane account gets nothing. No secret
 * version is created unless you allow a plaintext value: Terraform state never holds the value;
 * you add it with `gcloud secrets versions add` (the hand-off prints the command).
 *
 * Create it with `workspace.addSecret(id, props)` or the workspace's `secrets` prop.
 */
export class CoiledGcpSecret extends Construct {
  /** @internal */
  public static _create(workspace: Construct, id: string, props: CoiledGcpSecretProps, input: string, context: GcpSecretContext): CoiledGcpSecret {
    const v = gcpScope(workspace);
    checkSecretOptions(v, input, props);
    const existing = checkExisting(v, input, props, context);
    const plan = planSecret(v, input, context.workspaceName, props, { adopted: existing !== undefined, generated: false });
    context.registry.claim(v, input, plan);
    const where = existing ?? { project: context.projectId, secretId: plan.gcpSecretId };
    return new CoiledGcpSecret(workspace, id, props, context, where, existing === undefined, plan);
  }

  /** The secret's name within the workspace. */
  public readonly name: string;
  /** The secret's id in Secret Manager (`coiled-<workspace>-<name>`, or the adopted one). */
  public readonly secretId: string;
  /** The project the secret is in. */
  public readonly projectId: string;
  /** What the cluster is told, in `environmentVariable`: `projects/<project>/secrets/<id>`. */
  public readonly resourceName: string;
  /** The environment variable that carries `resourceName` to the cluster. */
  public readonly environmentVariable: string;
  /** Where the value comes from: `set-after-deploy`, `in-template` or `existing`. */
  public readonly valueSource: string;
  /** The secret resource, when the workspace created it. */
  public readonly resource?: SecretManagerSecret;

  private constructor(
    workspace: Construct,
    id: string,
    props: CoiledGcpSecretProps,
    context: GcpSecretContext,
    where: { project: string; secretId: string },
    create: boolean,
    plan: ReturnType<typeof planSecret>,
  ) {
    super(secretsScope(workspace), id);
    this.name = plan.name;
    this.environmentVariable = plan.environmentVariable;
    this.valueSource = plan.valueSource;
    this.projectId = where.project;
    this.secretId = where.secretId;
    this.resourceName = `projects/${where.project}/secrets/${where.secretId}`;

    let secretIdReference = where.secretId;
    if (create) {
      this.resource = new google.SecretManagerSecret(this, 'Secret', {
        project: where.project,
        secretId: where.secretId,
        replication: { auto: {} },
        labels: { 'coiled-workspace': context.label },
        // Secret Manager secrets have no description field; annotations are its free-form metadata.
        annotations: { description: plan.description },
        dependsOn: context.api(),
      });
      // The reference orders the grant after the secret.
      secretIdReference = this.resource.secretId;
      if (plan.valueSource === SecretValueSource.IN_TEMPLATE) {
        gcpScope(this).warn('coiled-byoc:secretValueInState', plaintextValueWarning(plan, 'state'));
        new google.SecretManagerSecretVersion(this, 'Version', { secret: this.resource.id, secretData: props.value });
      }
    }
    new GenericSecretManagerSecretIamMember(this, 'Accessor', {
      project: where.project,
      secretId: secretIdReference,
      role: SECRET_ACCESSOR_ROLE,
      member: context.dataMember,
    });
  }

  /** @internal */
  public _handoff(): HandoffSecret {
    const value = this.valueSource as SecretValueSourceValue;
    return { name: this.name, secretId: this.resourceName, environmentVariable: this.environmentVariable, value };
  }
}

type SecretLocation = { project: string; secretId: string };

function checkExisting(v: ValidationScope, input: string, props: CoiledGcpSecretProps, context: GcpSecretContext): SecretLocation | undefined {
  const { existingSecretId: id, existingSecretProjectId: project } = props;
  if (id === undefined) {
    if (project !== undefined) {
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: `${input}.existingSecretProjectId`,
        value: project,
        problem: 'existingSecretProjectId names the project of an adopted secret, but existingSecretId is not given',
        fix: 'give existingSecretId too, or leave existingSecretProjectId out',
        suggestion: { input: `${input}.existingSecretProjectId`, value: undefined },
      });
    }
    return undefined;
  }
  if (!Token.isUnresolved(id) && (typeof id !== 'string' || !SECRET_ID.test(id))) {
    fail(v, {
      code: ErrorCode.INVALID_NAME,
      input: `${input}.existingSecretId`,
      value: id,
      problem: 'a Secret Manager secret id has 1-255 letters, digits, hyphens and underscores',
      fix: typeof id === 'string' && id.startsWith('projects/') ? 'give the id alone (the last part), and its project as existingSecretProjectId' : 'give the id exactly as the Secret Manager console shows it',
      suggestion: typeof id === 'string' && /^projects\/[^/]+\/secrets\/[A-Za-z0-9_-]{1,255}$/.test(id) ? { input: `${input}.existingSecretId`, value: id.split('/')[3] } : undefined,
    });
  }
  return { project: project === undefined ? context.projectId : context.checkProjectId(v, `${input}.existingSecretProjectId`, project), secretId: id };
}

function secretsScope(workspace: Construct): Construct {
  return (workspace.node.tryFindChild('Secrets') as Construct | undefined) ?? new Construct(workspace, 'Secrets');
}
