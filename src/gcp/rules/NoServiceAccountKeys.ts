import { GcpChecksOptions, GcpFinding, IGcpRule, resourcesOf } from './rule';

/** No service-account key (its private key would sit in Terraform state) unless opted in. */
export const NoServiceAccountKeys: IGcpRule = {
  id: 'GCP-NoServiceAccountKeys',
  description: 'No google_service_account_key unless explicitly opted in (keys live in Terraform state in clear text)',
  check(terraform: any, options: GcpChecksOptions): GcpFinding[] {
    if (options.allowServiceAccountKeys) return [];
    return resourcesOf(terraform, 'google_service_account_key').map(([resource]) => ({
      ruleId: this.id,
      resource,
      message: 'creates a service-account key: its private key is stored in Terraform state',
    }));
  },
};
