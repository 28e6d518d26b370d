import { GcpFinding, IGcpRule, resourcesOf } from './rule';
import { AddressSet } from '../../core/address-space';
import { ParsedCidr, checkCidr } from '../../core/cidr';
import { adminPorts, familyLabel, publicInternet } from '../../core/exposure';

interface Firewall {
  readonly address: string;
  readonly allow: boolean;
  readonly priority: number;
  /** True when the rule applies to every instance of the network (no target tags or accounts). */
  readonly everyInstance: boolean;
  readonly sources: AddressSet;
  readonly config: any;
}

/** Whether an allow/deny block of a rule covers TCP `port`. */
function opens(block: any, port: number): boolean {
  if (block.protocol === 'all') return true;
  if (block.protocol !== 'tcp' && block.protocol !== '6') return false;
  if (!block.ports || block.ports.length === 0) return true;
  return block.ports.some((p: string) => {
    const [from, to] = String(p).split('-').map(Number);
    return port >= from && port <= (to ?? from);
  });
}

/** A rule's source addresses: its ranges, or every IPv4 address when it names no source at all (GCP's default). */
function sourcesOf(rule: any): AddressSet {
  const ranges: unknown[] = rule.source_ranges ?? [];
  const hasOtherSources = (rule.source_tags ?? []).length > 0 || (rule.source_service_accounts ?? []).length > 0;
  if (ranges.length === 0 && !hasOtherSources) return AddressSet.everything(['ipv4']);
  // Ranges only known at deploy time (Terraform references) cannot be judged here.
  const blocks = ranges.map(checkCidr).filter((c) => c.ok).map((c) => (c as { value: ParsedCidr }).value);
  return AddressSet.fromBlocks(blocks);
}

/**
 * No ingress rule allows SSH (22) or RDP (3389) from the whole internet. Judged by address space
 * per network, the way GCP evaluates rules: the allow rules' sources united (so `0.0.0.0/1` +
 * `128.0.0.0/1` is the whole internet), minus what deny rules of higher or equal precedence that
 * apply to every instance take away. Allow rules are united over every target, as for a VM carrying
 * all the tags (the scheduler carries both of Coiled's).
 */
export const NoAdminPortsFromAnywhere: IGcpRule = {
  id: 'GCP-NoAdminPortsFromAnywhere',
  description: 'No firewall rules together allow 22 (SSH) or 3389 (RDP) from the whole internet (judged by address space, however the ranges are written)',
  check(terraform: any): GcpFinding[] {
    const byNetwork = new Map<string, Firewall[]>();
    for (const [address, rule] of resourcesOf(terraform, 'google_compute_firewall')) {
      if (rule === null || typeof rule !== 'object') continue;
      if ((rule.direction ?? 'INGRESS') !== 'INGRESS' || rule.disabled === true) continue;
      const network = JSON.stringify(rule.network ?? '');
      const list = byNetwork.get(network) ?? [];
      list.push({
        address,
        allow: Array.isArray(rule.allow) && rule.allow.length > 0,
        priority: typeof rule.priority === 'number' ? rule.priority : 1000,
        everyInstance: (rule.target_tags ?? []).length === 0 && (rule.target_service_accounts ?? []).length === 0,
        sources: sourcesOf(rule),
        config: rule,
      });
      byNetwork.set(network, list);
    }
    const findings: GcpFinding[] = [];
    const internet = publicInternet();
    for (const rules of byNetwork.values()) {
      for (const [port, name] of adminPorts()) {
        const denies = rules.filter((r) => !r.allow && r.everyInstance && (r.config.deny ?? []).some((b: any) => opens(b, port)));
        const effective = rules
          .filter((r) => r.allow && r.config.allow.some((b: any) => opens(b, port)))
          .map((r) => {
            // Deny rules of higher or equal precedence (a lower or equal number) win over the allow.
            const remaining = denies.filter((d) => d.priority <= r.priority).reduce((set, d) => set.subtract(d.sources), r.sources);
            return { rule: r, sources: remaining.intersect(internet) };
          });
        const union = effective.reduce((set, e) => set.union(e.sources), AddressSet.EMPTY);
        for (const family of ['ipv4', 'ipv6'] as const) {
          if (union.size(family) !== internet.size(family)) continue;
          const contributing = effective.filter((e) => e.sources.size(family) > 0n);
          for (const { rule } of contributing) {
            findings.push({
              ruleId: this.id,
              resource: rule.address,
              message: `allows port ${port} (${name}) from the whole ${familyLabel(family)} internet${contributing.length > 1 ? `, together with ${contributing.length - 1} other rule(s)` : ''} (${(rule.config.source_ranges ?? ['no source: 0.0.0.0/0']).slice(0, 4).join(', ')}${(rule.config.source_ranges ?? []).length > 4 ? ', ...' : ''})`,
            });
          }
        }
      }
    }
    return findings;
  },
};
