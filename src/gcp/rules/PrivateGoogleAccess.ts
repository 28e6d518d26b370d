import { GcpFinding, IGcpRule, resourcesOf } from './rule';

/** Subnets served by Cloud NAT (private mode: VMs without external IPs) have Private Google Access. */
export const PrivateGoogleAccess: IGcpRule = {
  id: 'GCP-PrivateGoogleAccess',
  description: 'Subnets behind Cloud NAT (VMs without external IPs) have Private Google Access',
  check(terraform: any): GcpFinding[] {
    const natted = JSON.stringify(resourcesOf(terraform, 'google_compute_router_nat').map(([, nat]) => nat.subnetwork ?? []));
    return resourcesOf(terraform, 'google_compute_subnetwork')
      .filter(([resource]) => natted.includes(`\${${resource}.`))
      .filter(([, subnet]) => subnet.private_ip_google_access !== true)
      .map(([resource]) => ({ ruleId: this.id, resource, message: 'is served by Cloud NAT but has no Private Google Access: Google API traffic goes through NAT' }));
  },
};
