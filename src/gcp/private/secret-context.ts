import { ITerraformDependable } from 'cdktf';
import { ValidationScope } from '../../core/errors';
import { SecretRegistry } from '../../core/secrets';

/** What a GCP workspace hands each of its secrets. */
export interface GcpSecretContext {
  readonly projectId: string;
  readonly workspaceName: string;
  readonly label: string;
  /** `serviceAccount:<data service account>`. */
  readonly dataMember: string;
  readonly registry: SecretRegistry;
  /** The Secret Manager API resource, when the workspace enables APIs. */
  readonly api: () => ITerraformDependable[] | undefined;
  readonly checkProjectId: (v: ValidationScope, input: string, value: string) => string;
}
