/**
 * What a set of firewall rules really opens to the internet, judged by address space.
 *
 * Rules are judged by the addresses they admit, never by how the blocks are written: port 22 from
 * `0.0.0.0/1` + `128.0.0.0/1`, or from 128 `/7` blocks, or from `0.0.0.0/0` minus the private
 * ranges, is SSH open to the internet. Both clouds call this on their final rules (after merging
 * and aggregation; on AWS at synth, so rules added through `connections` count too), and so does
 * the GCP rule pack.
 */
import { AddressSet } from './address-space';
import { AddressFamily, ParsedCidr } from './cidr';
import { PortRange, formatPortRange } from './ports';

/** One rule as the judge sees it: these source (or destination) blocks, on these TCP ports. */
export interface ExposureRule {
  readonly blocks: readonly ParsedCidr[];
  /** TCP port ranges, or `all` for a rule on every protocol and port. */
  readonly ports: readonly PortRange[] | 'all';
}

/**
 * Every public internet address of both families: all but the blocks the IANA special-purpose
 * registries (RFC 6890 and successors) set apart: private, shared, loopback, link-local,
 * documentation, benchmarking, multicast and reserved. For IPv6 only global unicast (2000::/3) is
 * public, documentation (2001:db8::/32) excepted.
 *
 * Built per call (seventeen blocks, microseconds), not while the module loads: loading then runs
 * no address code, so mutation testing attributes the address-set and CIDR code to the tests that
 * use it instead of re-running every test for each of its mutants (docs/mutation.md).
 */
export function publicInternet(): AddressSet {
  const notPublic = [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.168.0.0/16',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/3',
    '::/3',
    '2001:db8::/32',
    '4000::/2',
    '8000::/1',
  ];
  return AddressSet.everything().subtract(AddressSet.fromCidrs(notPublic));
}

/**
 * Sources that hold more public addresses than this are "wide": an IPv4 /8 (16.7 million
 * addresses, a large ISP's whole allocation), an IPv6 /32 (a regional registry's standard
 * allocation to an ISP).
 */
const WIDE: Record<AddressFamily, bigint> = { ipv4: 2n ** 24n, ipv6: 2n ** 96n };

/** The ports (TCP) of some rules that are open to a set of addresses, per family. */
export interface PortExposure {
  readonly family: AddressFamily;
  /** Contiguous port ranges (1-65535 for `all`). */
  readonly ranges: PortRange[];
  /** True when every public address of the family is admitted, false when only a wide part. */
  readonly whole: boolean;
  /** Share of the family's public internet admitted, e.g. `50%`. */
  readonly share: string;
}

/**
 * The ports open to every public address of a family (`whole`) or to a wide part of it, over a
 * list of rules. Linear in the rules (plus sorting): rules are grouped by port set, each group's
 * blocks become one address set, and a sweep over port boundaries unites the groups that cover
 * each stretch of ports.
 */
export function internetExposure(rules: readonly ExposureRule[], options: { readonly includeWide?: boolean } = {}): PortExposure[] {
  const groups = new Map<string, { ranges: PortRange[]; blocks: ParsedCidr[] }>();
  // A rule with no blocks or no ranges makes a group that admits nothing or is never active.
  for (const rule of rules) {
    const ranges = rule.ports === 'all' ? [{ from: 1, to: 65535 }] : rule.ports.filter((r) => r.from <= r.to);
    const key = ranges.map(formatPortRange).join(',');
    const group = groups.get(key) ?? { ranges, blocks: [] };
    for (const block of rule.blocks) group.blocks.push(block);
    groups.set(key, group);
  }
  const internet = publicInternet();
  const sets = [...groups.values()].map((g) => ({ ranges: g.ranges, set: AddressSet.fromBlocks(g.blocks).intersect(internet) }));

  // Port boundaries: each stretch between two boundaries is covered by the same groups.
  const starts = new Map<number, number[]>();
  const ends = new Map<number, number[]>();
  sets.forEach((s, i) => {
    for (const r of s.ranges) {
      (starts.get(r.from) ?? starts.set(r.from, []).get(r.from)!).push(i);
      (ends.get(r.to + 1) ?? ends.set(r.to + 1, []).get(r.to + 1)!).push(i);
    }
  });
  const boundaries = [...new Set([...starts.keys(), ...ends.keys()])].sort((a, b) => a - b);
  // Groups covering the current stretch, with how many of their ranges do (zero-count entries are
  // removed, so each boundary costs only the groups really active there).
  const active = new Map<number, number>();
  type Found = { whole: PortRange[]; wide: Map<string, PortRange[]> };
  const result: Record<AddressFamily, Found> = { ipv4: { whole: [], wide: new Map() }, ipv6: { whole: [], wide: new Map() } };
  for (let b = 0; b < boundaries.length - 1; b++) {
    const at = boundaries[b];
    for (const i of ends.get(at) ?? []) {
      const left = (active.get(i) ?? 1) - 1;
      if (left > 0) active.set(i, left);
      else active.delete(i);
    }
    for (const i of starts.get(at) ?? []) active.set(i, (active.get(i) ?? 0) + 1);
    const covering = [...active.keys()].map((i) => sets[i].set);
    if (covering.length === 0) continue;
    const union = covering.reduce((u, s) => u.union(s));
    const stretch = { from: at, to: boundaries[b + 1] - 1 };
    for (const family of ['ipv4', 'ipv6'] as const) {
      const admitted = union.size(family);
      const publicSize = internet.size(family);
      if (admitted === publicSize) {append(result[family].whole, stretch);} else if (options.includeWide && admitted >= WIDE[family]) {
        const share = formatShare(Number(admitted) / Number(publicSize));
        append(result[family].wide.get(share) ?? result[family].wide.set(share, []).get(share)!, stretch);
      }
    }
  }
  const out: PortExposure[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    if (result[family].whole.length > 0) out.push({ family, ranges: result[family].whole, whole: true, share: '100%' });
    for (const [share, ranges] of result[family].wide) out.push({ family, ranges, whole: false, share });
  }
  return out;
}

/**
 * A share of the public internet as a reader takes it in: two significant digits (`57%`, `0.45%`),
 * never an exponent (an IPv6 /32, wide as it is, is about 2e-9 of the IPv6 internet), and never
 * "100%" for a part that is not the whole.
 */
export function formatShare(fraction: number): string {
  const percent = fraction * 100;
  if (percent < 0.01) return 'under 0.01%';
  if (percent >= 99.5) return 'over 99%';
  return `${Number(percent.toPrecision(2))}%`;
}

function append(ranges: PortRange[], stretch: PortRange): void {
  const last = ranges[ranges.length - 1];
  if (last && last.to + 1 === stretch.from) ranges[ranges.length - 1] = { from: last.from, to: stretch.to };
  else ranges.push(stretch);
}

/** The ranges that contain `port`. */
export function rangesContain(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => r.from <= port && port <= r.to);
}

/** The part of `ranges` inside `[from, to]`. */
export function clipRanges(ranges: readonly PortRange[], from: number, to: number): PortRange[] {
  return ranges.filter((r) => r.to >= from && r.from <= to).map((r) => ({ from: Math.max(r.from, from), to: Math.min(r.to, to) }));
}

/** Remove the ports of `remove` from `ranges`. */
export function subtractPorts(ranges: readonly PortRange[], remove: readonly number[]): PortRange[] {
  let out = [...ranges];
  for (const port of remove) {
    out = out.flatMap((r) => {
      if (port < r.from || port > r.to) return [r];
      return [...(r.from < port ? [{ from: r.from, to: port - 1 }] : []), ...(port < r.to ? [{ from: port + 1, to: r.to }] : [])];
    });
  }
  return out;
}

/** Ports of an admin protocol that must never be open to the internet without a warning. */
export function adminPorts(): ReadonlyMap<number, string> {
  return new Map([
    [22, 'SSH'],
    [3389, 'RDP'],
  ]);
}

export function familyLabel(family: AddressFamily): string {
  return family === 'ipv4' ? 'IPv4' : 'IPv6';
}

export function formatRanges(ranges: readonly PortRange[]): string {
  return ranges.length === 1 && ranges[0].from === 1 && ranges[0].to === 65535 ? 'every port' : ranges.map(formatPortRange).join(', ');
}
