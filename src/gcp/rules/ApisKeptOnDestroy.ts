import { GcpFinding, IGcpRule, resourcesOf } from './rule';

/** Enabled APIs stay enabled when the stack is destroyed (other workloads depend on them). */
export const ApisKeptOnDestroy: IGcpRule = {
  id: 'GCP-ApisKeptOnDestroy',
  description: 'google_project_service sets disable_on_destroy = false',
  check(terraform: any): GcpFinding[] {
    return resourcesOf(terraform, 'google_project_service')
      .filter(([, service]) => service.disable_on_destroy !== false)
      .map(([resource, service]) => ({ ruleId: this.id, resource, message: `would switch ${service.service} off for the whole project on destroy` }));
  },
};
