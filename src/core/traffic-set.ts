/**
 * Exact sets of (protocol, port, address) triples: what a firewall admits, before any question of
 * who asks.
 *
 * Per protocol, the port axis is cut into slabs (inclusive port ranges); each slab holds the
 * `AddressSet` admitted on every port of it. Slabs are sorted, disjoint, non-empty, and two
 * adjacent slabs never hold equal address sets, so every set has exactly one form and equality
 * is structural. `*` holds what applies to every protocol the set does not name (as in
 * `ServiceSet`), so "all traffic from 10.0.0.0/8" is one slab, not 256 protocols.
 */
import { AddressSet } from './address-space';
import { OTHER_PROTOCOLS, PORT_MAX, PORT_MIN, PortSet, ProtocolKey, ServiceSet } from './port-set';

interface Slab {
  readonly from: number;
  readonly to: number;
  readonly addresses: AddressSet;
}

/** One rule's worth of traffic: these services, from (or to) these addresses. */
export interface TrafficBox {
  readonly services: ServiceSet;
  readonly addresses: AddressSet;
}

/** What part of a source a set admits, service by service. */
export interface Coverage {
  /** Services admitted from every address of the source. */
  readonly full: ServiceSet;
  /** Services admitted from some, but not all, of its addresses. */
  readonly partial: ServiceSet;
}

export class TrafficSet {
  public static readonly EMPTY = new TrafficSet(new Map());
  /** Every protocol, port and address. */
  public static readonly ALL = new TrafficSet(new Map([[OTHER_PROTOCOLS, [{ from: PORT_MIN, to: PORT_MAX, addresses: AddressSet.everything() }]]]));

  /** The union of boxes, built in one sweep per protocol (not one union per box). */
  public static fromBoxes(boxes: readonly TrafficBox[]): TrafficSet {
    const live = boxes.filter((b) => !b.services.isEmpty() && !b.addresses.isEmpty());
    if (live.length === 0) return TrafficSet.EMPTY;
    const keys = new Set<ProtocolKey>();
    for (const box of live) for (const key of box.services.keys()) keys.add(key);
    const out = new Map<ProtocolKey, Slab[]>();
    // A box without ports of a protocol cuts nothing in its sweep.
    for (const key of keys) out.set(key, sweep(live.map((box) => ({ ports: box.services.ports(key), addresses: box.addresses }))));
    return TrafficSet.canonical(out);
  }

  /**
   * Disjoint pieces of protocols' port axes with their addresses. `keys`: the protocols the pieces
   * speak for, each admitting only its own pieces (`*`: every protocol not among them).
   */
  public static fromPieces(keys: Iterable<ProtocolKey>, pieces: ReadonlyArray<Slab & { readonly key: ProtocolKey }>): TrafficSet {
    const map = new Map<ProtocolKey, Slab[]>([...keys].map((k) => [k, []]));
    for (const p of pieces) {
      const list = map.get(p.key) ?? [];
      list.push({ from: p.from, to: p.to, addresses: p.addresses });
      map.set(p.key, list);
    }
    for (const list of map.values()) list.sort((a, b) => a.from - b.from);
    return TrafficSet.canonical(map);
  }

  private static combine(a: TrafficSet, b: TrafficSet, op: AddressOp): TrafficSet {
    const keys = new Set<ProtocolKey>([...a.byProtocol.keys(), ...b.byProtocol.keys(), OTHER_PROTOCOLS]);
    const out = new Map<ProtocolKey, Slab[]>();
    for (const key of keys) out.set(key, merge(a.slabs(key), b.slabs(key), op));
    return TrafficSet.canonical(out);
  }

  /** One form per set: adjacent equal slabs merged, protocols equal to `*` dropped, nothing empty. */
  private static canonical(map: Map<ProtocolKey, Slab[]>): TrafficSet {
    const other = tidy(map.get(OTHER_PROTOCOLS) ?? []);
    const out = new Map<ProtocolKey, Slab[]>();
    // `*` itself is among the keys, and equal to itself; a protocol with no slabs stays only
    // where `*` would otherwise speak for it.
    for (const [key, slabs] of map) {
      const mine = tidy(slabs);
      if (!sameSlabs(mine, other)) out.set(key, mine);
    }
    if (other.length > 0) out.set(OTHER_PROTOCOLS, other);
    return new TrafficSet(out);
  }

  private constructor(private readonly byProtocol: ReadonlyMap<ProtocolKey, readonly Slab[]>) {}

  public isEmpty(): boolean {
    return this.byProtocol.size === 0;
  }

  public union(other: TrafficSet): TrafficSet {
    if (other.isEmpty() || this === TrafficSet.ALL) return this;
    if (this.isEmpty() || other === TrafficSet.ALL) return other;
    return TrafficSet.combine(this, other, (a, b) => (a && b ? a.union(b) : (a ?? b)));
  }

  public intersect(other: TrafficSet): TrafficSet {
    if (this.isEmpty() || other === TrafficSet.ALL) return this;
    if (other.isEmpty() || this === TrafficSet.ALL) return other;
    return TrafficSet.combine(this, other, (a, b) => (a && b ? a.intersect(b) : undefined));
  }

  public subtract(other: TrafficSet): TrafficSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    if (other === TrafficSet.ALL) return TrafficSet.EMPTY;
    return TrafficSet.combine(this, other, (a, b) => (a && b ? a.subtract(b) : a));
  }

  /** Every set has one form (see `canonical`), so equal sets are equal slab by slab. */
  public equals(other: TrafficSet): boolean {
    return (
      this.byProtocol.size === other.byProtocol.size &&
      [...this.byProtocol].every(([key, slabs]) => {
        const theirs = other.byProtocol.get(key);
        return theirs !== undefined && sameSlabs(slabs, theirs);
      })
    );
  }

  /** Which services the set admits from all, and from only part, of `source`. */
  public coverage(source: AddressSet): Coverage {
    const full = new Map<ProtocolKey, PortSet>();
    const partial = new Map<ProtocolKey, PortSet>();
    for (const [key, slabs] of this.byProtocol) {
      const relations = slabs.map((slab) => relationOf(slab.addresses, source));
      full.set(key, PortSet.of(slabs.filter((_, i) => relations[i] === 'all')));
      partial.set(key, PortSet.of(slabs.filter((_, i) => relations[i] === 'part')));
    }
    const named = [...this.byProtocol.keys()].filter((k) => k !== OTHER_PROTOCOLS);
    return { full: toServices(full, named), partial: toServices(partial, named) };
  }

  private slabs(key: ProtocolKey): readonly Slab[] {
    return this.byProtocol.get(key) ?? this.byProtocol.get(OTHER_PROTOCOLS) ?? [];
  }
}

/** Per-protocol ports as services; `*` speaks for every protocol the set does not name. */
function toServices(ports: Map<ProtocolKey, PortSet>, named: ProtocolKey[]): ServiceSet {
  let out = ServiceSet.EMPTY;
  const other = ports.get(OTHER_PROTOCOLS);
  if (other && other.isAll()) {
    out = ServiceSet.ALL;
    for (const key of named) out = out.subtract(ServiceSet.of(key));
  }
  for (const key of named) {
    const mine = ports.get(key)!;
    if (!mine.isEmpty()) out = out.union(ServiceSet.of(key, mine));
  }
  return out;
}

/** Cuts the port axis at every piece boundary; each elementary range gets the union of its pieces. */
function sweep(pieces: Array<{ ports: PortSet; addresses: AddressSet }>): Slab[] {
  const events = new Map<number, Array<{ piece: number; open: boolean }>>();
  pieces.forEach((piece, index) => {
    for (const range of piece.ports.ranges()) {
      (events.get(range.from) ?? events.set(range.from, []).get(range.from)!).push({ piece: index, open: true });
      (events.get(range.to + 1) ?? events.set(range.to + 1, []).get(range.to + 1)!).push({ piece: index, open: false });
    }
  });
  const points = [...events.keys()].sort((a, b) => a - b);
  // A piece's ranges are disjoint and never adjacent, so it opens and closes at different points.
  const active = new Set<number>();
  const slabs: Slab[] = [];
  // Nothing is open after the last point; a gap gets an empty slab, which `tidy` drops.
  for (let i = 0; i + 1 < points.length; i++) {
    for (const e of events.get(points[i])!) {
      if (e.open) active.add(e.piece);
      else active.delete(e.piece);
    }
    slabs.push({ from: points[i], to: points[i + 1] - 1, addresses: unionAll([...active].map((p) => pieces[p].addresses)) });
  }
  return slabs;
}

const FAMILIES = ['ipv4', 'ipv6'] as const;

/**
 * Whether `set` holds none, part or all of `source`, without building a set: a binary search in
 * `set` per interval of `source` (a source is usually one block; a set may hold thousands).
 */
export function relationOf(set: AddressSet, source: AddressSet): 'none' | 'part' | 'all' {
  let any = false;
  let all = true;
  for (const family of FAMILIES) {
    const mine = set.intervals(family);
    for (const want of source.intervals(family)) {
      // The first interval of `mine` that ends after `want` starts.
      let lo = 0;
      let hi = mine.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1; // eslint-disable-line no-bitwise
        if (mine[mid].end <= want.start) lo = mid + 1;
        else hi = mid;
      }
      const hit = lo < mine.length && mine[lo].start < want.end;
      if (hit) any = true;
      if (!(hit && mine[lo].start <= want.start && mine[lo].end >= want.end)) all = false;
    }
  }
  return any ? (all ? 'all' : 'part') : 'none';
}

/** Union of many sets by halves: O(n log n) instead of O(n^2) for n sets. */
export function unionAll(sets: readonly AddressSet[]): AddressSet {
  if (sets.length === 0) return AddressSet.EMPTY;
  if (sets.length === 1) return sets[0];
  const mid = sets.length >> 1; // eslint-disable-line no-bitwise
  return unionAll(sets.slice(0, mid)).union(unionAll(sets.slice(mid)));
}

type AddressOp = (a: AddressSet | undefined, b: AddressSet | undefined) => AddressSet | undefined;

/** Walks two slab lists along the port axis, applying `op` on every elementary range. */
function merge(a: readonly Slab[], b: readonly Slab[], op: AddressOp): Slab[] {
  const cuts = new Set<number>();
  for (const s of [...a, ...b]) {
    cuts.add(s.from);
    cuts.add(s.to + 1);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out: Slab[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k];
    const to = points[k + 1] - 1;
    while (i < a.length && a[i].to < from) i++;
    while (j < b.length && b[j].to < from) j++;
    const left = i < a.length && a[i].from <= from ? a[i].addresses : undefined;
    const right = j < b.length && b[j].from <= from ? b[j].addresses : undefined;
    // Every op gives undefined for neither side.
    const result = op(left, right);
    if (result && !result.isEmpty()) out.push({ from, to, addresses: result });
  }
  return out;
}

function tidy(slabs: readonly Slab[]): Slab[] {
  const out: Slab[] = [];
  for (const s of slabs) {
    if (s.addresses.isEmpty()) continue;
    const last = out[out.length - 1];
    if (last && last.to + 1 === s.from && last.addresses.equals(s.addresses)) {
      out[out.length - 1] = { from: last.from, to: s.to, addresses: last.addresses };
    } else {
      out.push(s);
    }
  }
  return out;
}

function sameSlabs(a: readonly Slab[], b: readonly Slab[]): boolean {
  return a.length === b.length && a.every((s, i) => s.from === b[i].from && s.to === b[i].to && s.addresses.equals(b[i].addresses));
}
