import { GcpFinding, IGcpRule, resourcesOf } from './rule';

const ADMIN_PORTS = [22, 3389];
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

function opens(allow: any, port: number): boolean {
  if (allow.protocol === 'all') return true;
  if (allow.protocol !== 'tcp' && allow.protocol !== '6') return false;
  if (!allow.ports || allow.ports.length === 0) return true;
  return allow.ports.some((p: string) => {
    const [from, to] = String(p).split('-').map(Number);
    return port >= from && port <= (to ?? from);
  });
}

/** No ingress rule allows SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0. */
export const NoAdminPortsFromAnywhere: IGcpRule = {
  id: 'GCP-NoAdminPortsFromAnywhere',
  description: 'No firewall rule allows 22 (SSH) or 3389 (RDP) from 0.0.0.0/0 or ::/0',
  check(terraform: any): GcpFinding[] {
    const findings: GcpFinding[] = [];
    for (const [resource, rule] of resourcesOf(terraform, 'google_compute_firewall')) {
      if ((rule.direction ?? 'INGRESS') !== 'INGRESS' || rule.disabled === true) continue;
      const open = (rule.source_ranges ?? []).filter((r: string) => ANYWHERE.has(r));
      if (open.length === 0) continue;
      for (const port of ADMIN_PORTS) {
        if ((rule.allow ?? []).some((a: any) => opens(a, port))) findings.push({ ruleId: this.id, resource, message: `allows port ${port} from ${open.join(', ')}` });
      }
    }
    return findings;
  },
};
