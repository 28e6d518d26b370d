import { GcpChecksOptions, GcpFinding, IGcpRule, resourcesOf } from './rule';

/** No secret version in Terraform (its payload would sit in state in clear text) unless opted in. */
export const NoSecretVersionsInState: IGcpRule = {
  id: 'GCP-NoSecretVersionsInState',
  description: 'No google_secret_manager_secret_version unless explicitly opted in (the payload lives in Terraform state in clear text)',
  check(terraform: any, options: GcpChecksOptions): GcpFinding[] {
    if (options.allowSecretVersionsInState) return [];
    return resourcesOf(terraform, 'google_secret_manager_secret_version').map(([resource]) => ({
      ruleId: this.id,
      resource,
      message: 'creates a secret version: its payload is stored in Terraform state; add versions with `gcloud secrets versions add` instead',
    }));
  },
};
