/**
 * Rule budgets: AWS security-group rule quotas and GCP per-firewall-rule limits, and the lossless
 * compaction that keeps large ingress lists inside them.
 *
 * AWS (VPC quotas, "Security groups"): inbound and outbound rules per security group, 60 by
 * default, enforced separately for IPv4 and IPv6. A rule that references a security group counts
 * once for IPv4 and once for IPv6. A rule that references a customer-managed prefix list counts as
 * the prefix list's *maximum entries* — so moving N CIDRs into a prefix list never lowers the count
 * below N. The only lossless way to shrink a CIDR list is to aggregate it: drop blocks contained in
 * others and merge adjacent blocks. That is what `compactRules` does, per set of ports.
 *
 * GCP (Cloud NGFW quotas, "VPC firewall rules" limits): at most 5,000 source (ingress) or
 * destination (egress) ranges per rule. Tags are fixed at two per rule here, far below their limits.
 */
import { AddressFamily, ParsedCidr, aggregateCidrs, compareCidrs } from './cidr';
import { NormalizedRule } from './ingress';
import { toPortRanges } from './ports';

export const AWS_DEFAULT_RULES_PER_SECURITY_GROUP = 60;
/** IAM hard ceiling: rules per security group x security groups per interface <= 1,000. */
export const AWS_MAX_RULES_PER_SECURITY_GROUP = 1000;

/**
 * Default of the Compute Engine project quota `FIREWALLS` (VPC firewall rules per project) in new
 * projects; older projects often have more. Users set theirs (`firewallRuleQuota`).
 */
export const GCP_DEFAULT_FIREWALL_RULE_QUOTA = 100;

export const GCP_LIMITS = {
  sourceRangesPerRule: 5000,
  destinationRangesPerRule: 5000,
} as const;

export type RuleWeightPeer =
  | { readonly kind: 'cidr'; readonly family: AddressFamily | 'unresolved' }
  | { readonly kind: 'security-group' }
  | { readonly kind: 'prefix-list'; readonly maxEntries?: number; readonly family?: AddressFamily };

/** One rule as AWS counts it: one protocol/port range, one peer. */
export interface CountedRule {
  readonly direction: 'ingress' | 'egress';
  readonly peer: RuleWeightPeer;
}

export interface RuleCount {
  readonly ingressIpv4: number;
  readonly ingressIpv6: number;
  readonly egressIpv4: number;
  readonly egressIpv6: number;
  /** Prefix lists whose size is not known at synth time (imported by id). */
  readonly unknownPrefixLists: number;
}

/** Counts rules the way AWS charges them against the per-group quota. */
export function countRules(rules: readonly CountedRule[]): RuleCount {
  const count = { ingressIpv4: 0, ingressIpv6: 0, egressIpv4: 0, egressIpv6: 0, unknownPrefixLists: 0 };
  for (const rule of rules) {
    const [v4, v6] = rule.direction === 'ingress' ? (['ingressIpv4', 'ingressIpv6'] as const) : (['egressIpv4', 'egressIpv6'] as const);
    const peer = rule.peer;
    if (peer.kind === 'cidr') {
      // A token CIDR could be either family: charge both, so the guard never under-counts.
      if (peer.family !== 'ipv6') count[v4] += 1;
      if (peer.family !== 'ipv4') count[v6] += 1;
    } else if (peer.kind === 'security-group') {
      count[v4] += 1;
      count[v6] += 1;
    } else {
      const weight = peer.maxEntries ?? 1;
      if (peer.maxEntries === undefined) count.unknownPrefixLists += 1;
      if (peer.family !== 'ipv6') count[v4] += weight;
      if (peer.family !== 'ipv4') count[v6] += weight;
    }
  }
  return count;
}

/** How many AWS rules a list of TCP port rules becomes: one per contiguous port range per block. */
export function countIngressRules(rules: readonly NormalizedRule[]): { ipv4: number; ipv6: number } {
  const counted = rules.flatMap((rule) => toPortRanges(rule.ports).map<CountedRule>(() => ({ direction: 'ingress', peer: { kind: 'cidr', family: rule.family } })));
  const c = countRules(counted);
  return { ipv4: c.ingressIpv4, ipv6: c.ingressIpv6 };
}

/**
 * Aggregates the CIDR blocks of rules that open the same ports. Lossless: the result opens exactly
 * the same (address, port) pairs. Rules whose block is a token are kept as they are.
 */
export function compactRules(rules: readonly NormalizedRule[]): NormalizedRule[] {
  const groups = new Map<string, { ports: number[]; blocks: ParsedCidr[]; descriptions: Set<string> }>();
  const unresolved: NormalizedRule[] = [];
  for (const rule of rules) {
    if (!rule.parsed) {
      unresolved.push(rule);
      continue;
    }
    const key = rule.ports.join(',');
    const group = groups.get(key) ?? { ports: rule.ports, blocks: [], descriptions: new Set<string>() };
    group.blocks.push(rule.parsed);
    if (rule.description) group.descriptions.add(rule.description);
    groups.set(key, group);
  }
  const compacted: NormalizedRule[] = [];
  for (const group of groups.values()) {
    const aggregated = aggregateCidrs(group.blocks);
    const description = aggregated.length < group.blocks.length ? `Aggregated from ${group.blocks.length} blocks` : [...group.descriptions].sort().join('; ') || undefined;
    for (const block of aggregated) {
      compacted.push({ cidr: block.cidr, family: block.family, parsed: block, ports: group.ports, description: description?.slice(0, 255) });
    }
  }
  // Blocks of different port groups can aggregate to the same block: one rule per block, as
  // normalisation guarantees (rule ids derive from the block).
  const byBlock = new Map<string, NormalizedRule>();
  for (const rule of compacted) {
    const seen = byBlock.get(rule.cidr);
    byBlock.set(
      rule.cidr,
      seen
        ? { ...seen, ports: [...new Set([...seen.ports, ...rule.ports])].sort((a, b) => a - b), description: [seen.description, rule.description].filter(Boolean).join('; ').slice(0, 255) || undefined }
        : rule,
    );
  }
  const merged = [...byBlock.values()].sort((a, b) => compareCidrs(a.parsed!, b.parsed!));
  return [...merged, ...unresolved];
}
