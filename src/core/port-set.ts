/**
 * Exact sets of ports, and of (protocol, port) pairs: what a list of firewall rules really opens.
 *
 * The companion of `AddressSet` for the other two axes of a rule. Rules are judged by the ports
 * they admit, never by how they are written: `0-32767` + `32768-65535` is every TCP port, exactly
 * as `-1` (AWS) or a `tcp` block without ports (GCP) is.
 */
import { ownValue } from './own-key';
import { PortRange } from './ports';

/** The port axis: 0 to 65535 (0 is what AWS writes as the start of "every port"). */
export const PORT_MIN = 0;
export const PORT_MAX = 65535;

/** An immutable set of ports: sorted, disjoint, non-adjacent inclusive ranges. */
export class PortSet {
  public static readonly EMPTY = new PortSet([]);
  public static readonly ALL = new PortSet([{ from: PORT_MIN, to: PORT_MAX }]);

  /** The union of ranges (clamped to 0-65535; empty ranges ignored). */
  public static of(ranges: readonly PortRange[]): PortSet {
    return new PortSet(normalize(ranges));
  }

  public static fromPorts(ports: readonly number[]): PortSet {
    return PortSet.of(ports.map((p) => ({ from: p, to: p })));
  }

  public static range(from: number, to: number): PortSet {
    return PortSet.of([{ from, to }]);
  }

  private constructor(private readonly list: readonly PortRange[]) {}

  public ranges(): readonly PortRange[] {
    return this.list;
  }

  public isEmpty(): boolean {
    return this.list.length === 0;
  }

  public isAll(): boolean {
    return this.list.length === 1 && this.list[0].from === PORT_MIN && this.list[0].to === PORT_MAX;
  }

  public has(port: number): boolean {
    return this.list.some((r) => r.from <= port && port <= r.to);
  }

  public union(other: PortSet): PortSet {
    if (other.isEmpty() || this.isAll() || other === this) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return new PortSet(normalize([...this.list, ...other.list]));
  }

  public intersect(other: PortSet): PortSet {
    if (this.isEmpty() || other.isAll() || other === this) return this;
    if (other.isEmpty() || this.isAll()) return other;
    const out: PortRange[] = [];
    let i = 0;
    let j = 0;
    while (i < this.list.length && j < other.list.length) {
      const from = Math.max(this.list[i].from, other.list[j].from);
      const to = Math.min(this.list[i].to, other.list[j].to);
      if (from <= to) out.push({ from, to });
      if (this.list[i].to < other.list[j].to) i++;
      else j++;
    }
    return new PortSet(out);
  }

  public complement(): PortSet {
    const out: PortRange[] = [];
    let cursor = PORT_MIN;
    for (const r of this.list) {
      if (r.from > cursor) out.push({ from: cursor, to: r.from - 1 });
      cursor = r.to + 1;
    }
    if (cursor <= PORT_MAX) out.push({ from: cursor, to: PORT_MAX });
    return new PortSet(out);
  }

  public subtract(other: PortSet): PortSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    if (other.isAll() || other === this) return PortSet.EMPTY;
    return this.intersect(other.complement());
  }

  public equals(other: PortSet): boolean {
    return this.list.length === other.list.length && this.list.every((r, i) => r.from === other.list[i].from && r.to === other.list[i].to);
  }

  /** `443, 8786-8787`, or `all ports`. */
  public toString(): string {
    if (this.isAll()) return 'all ports';
    if (this.isEmpty()) return 'none';
    return this.list.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');
  }
}

function normalize(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges
    .map((r) => ({ from: Math.max(PORT_MIN, r.from), to: Math.min(PORT_MAX, r.to) }))
    .filter((r) => r.from <= r.to)
    .sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) {
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    } else {
      out.push(r);
    }
  }
  return out;
}

/**
 * Protocols by canonical key: `tcp`, `udp`, `sctp`, `icmp`, `icmpv6`, or the IANA number of any
 * other protocol (`50` for ESP). `*` stands for every protocol a set does not name.
 */
export type ProtocolKey = string;
export const OTHER_PROTOCOLS: ProtocolKey = '*';

/**
 * The key of a protocol as AWS (`tcp`, `6`, `-1`) or GCP (`tcp`, `esp`, `all`) writes it;
 * `undefined` for "every protocol", and throws on text that names no protocol.
 */
export function protocolKey(written: string | number): ProtocolKey | undefined {
  // The tables are built per call (no module-level state for a mutation run to share between tests).
  const byNumber: Record<string, ProtocolKey> = { 6: 'tcp', 17: 'udp', 132: 'sctp', 1: 'icmp', 58: 'icmpv6' };
  const byName: Record<string, ProtocolKey> = { tcp: 'tcp', udp: 'udp', sctp: 'sctp', icmp: 'icmp', icmpv6: 'icmpv6', esp: '50', ah: '51', ipip: '4' };
  const text = String(written).trim().toLowerCase();
  if (text === '-1' || text === 'all') return undefined;
  if (/^\d+$/.test(text) && Number(text) <= 255) return byNumber[String(Number(text))] ?? String(Number(text));
  const key = ownValue(byName, text);
  if (!key) throw new Error(`unknown protocol "${written}"`);
  return key;
}

/** Only TCP, UDP and SCTP carry ports; a rule for any other protocol covers the whole protocol. */
export function carriesPorts(key: ProtocolKey): boolean {
  return key === 'tcp' || key === 'udp' || key === 'sctp';
}

/** An immutable set of (protocol, port) pairs: what a rule or a flow admits. */
export class ServiceSet {
  public static readonly EMPTY = new ServiceSet(new Map());
  public static readonly ALL = new ServiceSet(new Map([[OTHER_PROTOCOLS, PortSet.ALL]]));

  /** `ports` of one protocol (`undefined`: every protocol); protocols without ports take all of them. */
  public static of(protocol: ProtocolKey | undefined, ports: PortSet = PortSet.ALL): ServiceSet {
    if (protocol === undefined) return ServiceSet.ALL;
    return ServiceSet.canonical(new Map([[protocol, carriesPorts(protocol) ? ports : PortSet.ALL]]));
  }

  public static tcp(ports: readonly number[]): ServiceSet {
    return ServiceSet.of('tcp', PortSet.fromPorts(ports));
  }

  private static combine(a: ServiceSet, b: ServiceSet, op: (x: PortSet, y: PortSet) => PortSet): ServiceSet {
    const keys = new Set([...a.byProtocol.keys(), ...b.byProtocol.keys(), OTHER_PROTOCOLS]);
    const out = new Map<ProtocolKey, PortSet>();
    for (const key of keys) out.set(key, op(a.ports(key), b.ports(key)));
    return ServiceSet.canonical(out);
  }

  /** One form per set: no key equal to what `*` already says, no empty `*`. */
  private static canonical(map: Map<ProtocolKey, PortSet>): ServiceSet {
    const other = map.get(OTHER_PROTOCOLS) ?? PortSet.EMPTY;
    const out = new Map<ProtocolKey, PortSet>();
    // `*` itself is among the keys, and equal to itself.
    for (const [key, ports] of map) {
      if (!ports.equals(other)) out.set(key, ports);
    }
    if (!other.isEmpty()) out.set(OTHER_PROTOCOLS, other);
    return new ServiceSet(out);
  }

  private constructor(private readonly byProtocol: ReadonlyMap<ProtocolKey, PortSet>) {}

  /** The ports of one protocol. */
  public ports(protocol: ProtocolKey): PortSet {
    return this.byProtocol.get(protocol) ?? this.byProtocol.get(OTHER_PROTOCOLS) ?? PortSet.EMPTY;
  }

  /** The protocols the set names explicitly, `*` last when present. */
  public keys(): ProtocolKey[] {
    return this.byProtocol.has(OTHER_PROTOCOLS) ? [...this.namedKeys(), OTHER_PROTOCOLS] : this.namedKeys();
  }

  /** The protocols named, sorted (keys are ASCII: code-unit order, no locale). */
  private namedKeys(): ProtocolKey[] {
    return [...this.byProtocol.keys()].filter((k) => k !== OTHER_PROTOCOLS).sort();
  }

  public isEmpty(): boolean {
    return this.byProtocol.size === 0;
  }

  public isAll(): boolean {
    return this.byProtocol.size === 1 && (this.byProtocol.get(OTHER_PROTOCOLS)?.isAll() ?? false);
  }

  // The fast paths matter: the analyzer combines thousands of sets, most of them empty or whole.
  public union(other: ServiceSet): ServiceSet {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return ServiceSet.combine(this, other, (a, b) => a.union(b));
  }

  public intersect(other: ServiceSet): ServiceSet {
    if (this.isEmpty() || other.isAll()) return this;
    if (other.isEmpty() || this.isAll()) return other;
    return ServiceSet.combine(this, other, (a, b) => a.intersect(b));
  }

  public subtract(other: ServiceSet): ServiceSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    if (other.isAll()) return ServiceSet.EMPTY;
    return ServiceSet.combine(this, other, (a, b) => a.subtract(b));
  }

  public equals(other: ServiceSet): boolean {
    return this.subtract(other).isEmpty() && other.subtract(this).isEmpty();
  }

  /** `TCP 443, 8786-8787; UDP 53`, `all traffic`, `none`. */
  public toString(): string {
    if (this.isAll()) return 'all traffic';
    if (this.isEmpty()) return 'none';
    const parts: string[] = [];
    const labels: Record<string, string> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP', icmpv6: 'ICMPv6', 50: 'ESP', 51: 'AH', 4: 'IPIP' };
    const label = (key: ProtocolKey) => labels[key] ?? `protocol ${key}`;
    const excluded = this.namedKeys().filter((k) => this.byProtocol.get(k)!.isEmpty());
    for (const key of this.keys()) {
      const ports = this.byProtocol.get(key)!;
      if (key === OTHER_PROTOCOLS) {
        parts.push(excluded.length > 0 ? `every other protocol but ${excluded.map(label).join(', ')}` : 'every other protocol');
      } else if (!ports.isEmpty()) {
        parts.push(carriesPorts(key) ? `${label(key)} ${ports}` : label(key));
      }
    }
    return parts.join('; ');
  }
}
