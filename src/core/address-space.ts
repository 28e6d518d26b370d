/**
 * Exact sets of IP addresses: what a list of CIDR blocks really covers, per address family.
 *
 * Firewall rules are judged by the addresses they admit, never by how the blocks are written:
 * `0.0.0.0/1` + `128.0.0.0/1`, or 128 `/7` blocks, open a port to the whole IPv4 internet exactly
 * as `0.0.0.0/0` does. A set is a sorted list of disjoint, non-adjacent half-open intervals
 * `[start, end)` of addresses as integers (BigInt, so IPv6 fits), built in O(n log n) from n blocks.
 */
/* eslint-disable no-bitwise -- address arithmetic is bit arithmetic */
import { AddressFamily, ParsedCidr, blockSize, parseCidr } from './cidr';

/** A half-open interval of addresses `[start, end)`. */
export interface AddressInterval {
  readonly start: bigint;
  readonly end: bigint;
}

const FAMILY_BITS: Record<AddressFamily, number> = { ipv4: 32, ipv6: 128 };
const FAMILIES: readonly AddressFamily[] = ['ipv4', 'ipv6'];

/** Every address of a family: 2^32 or 2^128. */
export function familySize(family: AddressFamily): bigint {
  return 1n << BigInt(FAMILY_BITS[family]);
}

/** An immutable set of IPv4 and IPv6 addresses. */
export class AddressSet {
  /** The empty set. */
  public static readonly EMPTY = new AddressSet({ ipv4: [], ipv6: [] });

  /** Every address of the given families (both by default). */
  public static everything(families: readonly AddressFamily[] = FAMILIES): AddressSet {
    const byFamily: Record<AddressFamily, AddressInterval[]> = { ipv4: [], ipv6: [] };
    for (const family of families) byFamily[family] = [{ start: 0n, end: familySize(family) }];
    return new AddressSet(byFamily);
  }

  /** The union of parsed blocks. */
  public static fromBlocks(blocks: readonly ParsedCidr[]): AddressSet {
    const byFamily: Record<AddressFamily, AddressInterval[]> = { ipv4: [], ipv6: [] };
    for (const block of blocks) byFamily[block.family].push({ start: block.start, end: block.start + blockSize(block) });
    return new AddressSet({ ipv4: normalize(byFamily.ipv4), ipv6: normalize(byFamily.ipv6) });
  }

  /** The union of CIDR texts already known to be valid (throws on an invalid one). */
  public static fromCidrs(cidrs: readonly string[]): AddressSet {
    return AddressSet.fromBlocks(cidrs.map(parseCidr));
  }

  private constructor(private readonly byFamily: Readonly<Record<AddressFamily, readonly AddressInterval[]>>) {}

  /** The disjoint, sorted intervals of one family. */
  public intervals(family: AddressFamily): readonly AddressInterval[] {
    return this.byFamily[family];
  }

  /** How many addresses of `family` the set holds. */
  public size(family: AddressFamily): bigint {
    return this.byFamily[family].reduce((sum, i) => sum + (i.end - i.start), 0n);
  }

  /** True when the set holds no address at all. */
  public isEmpty(): boolean {
    return FAMILIES.every((f) => this.byFamily[f].length === 0);
  }

  /** True when the set holds every address of `family` (the whole internet of that family). */
  public coversFamily(family: AddressFamily): boolean {
    const only = this.byFamily[family];
    return only.length === 1 && only[0].start === 0n && only[0].end === familySize(family);
  }

  /** The families whose every address is in the set. */
  public coveredFamilies(): AddressFamily[] {
    return FAMILIES.filter((f) => this.coversFamily(f));
  }

  public union(other: AddressSet): AddressSet {
    return new AddressSet({
      ipv4: normalize([...this.byFamily.ipv4, ...other.byFamily.ipv4]),
      ipv6: normalize([...this.byFamily.ipv6, ...other.byFamily.ipv6]),
    });
  }

  public intersect(other: AddressSet): AddressSet {
    return new AddressSet({ ipv4: intersect(this.byFamily.ipv4, other.byFamily.ipv4), ipv6: intersect(this.byFamily.ipv6, other.byFamily.ipv6) });
  }

  /** The addresses of this set that are not in `other`. */
  public subtract(other: AddressSet): AddressSet {
    return this.intersect(other.complement());
  }

  /** Every address (of both families) not in the set. */
  public complement(): AddressSet {
    return new AddressSet({ ipv4: complement(this.byFamily.ipv4, familySize('ipv4')), ipv6: complement(this.byFamily.ipv6, familySize('ipv6')) });
  }

  /** True when every address of `other` is in this set. */
  public containsSet(other: AddressSet): boolean {
    return other.subtract(this).isEmpty();
  }

  /** True when the two sets share at least one address. */
  public overlaps(other: AddressSet): boolean {
    return !this.intersect(other).isEmpty();
  }

  public equals(other: AddressSet): boolean {
    return FAMILIES.every((f) => {
      const a = this.byFamily[f];
      const b = other.byFamily[f];
      return a.length === b.length && a.every((x, i) => x.start === b[i].start && x.end === b[i].end);
    });
  }

  /** The fewest CIDR blocks that cover exactly this set, IPv4 first, by address. */
  public toCidrs(): string[] {
    const out: string[] = [];
    for (const family of FAMILIES) for (const interval of this.byFamily[family]) out.push(...intervalToCidrs(interval, family));
    return out;
  }
}

/** Sorts, then merges overlapping and adjacent intervals. */
function normalize(intervals: AddressInterval[]): AddressInterval[] {
  // Every interval here holds at least one address (a block, or a part of a normalised set).
  // Number() of a difference of two addresses keeps its sign, which is all a comparator needs.
  const sorted = [...intervals].sort((a, b) => Number(a.start - b.start));
  const merged: AddressInterval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) merged[merged.length - 1] = { start: last.start, end: interval.end };
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

function intersect(a: readonly AddressInterval[], b: readonly AddressInterval[]): AddressInterval[] {
  const out: AddressInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = a[i].start > b[j].start ? a[i].start : b[j].start;
    const end = a[i].end < b[j].end ? a[i].end : b[j].end;
    if (start < end) out.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return out;
}

function complement(intervals: readonly AddressInterval[], size: bigint): AddressInterval[] {
  const out: AddressInterval[] = [];
  let cursor = 0n;
  for (const interval of intervals) {
    if (interval.start > cursor) out.push({ start: cursor, end: interval.start });
    cursor = interval.end;
  }
  if (cursor < size) out.push({ start: cursor, end: size });
  return out;
}

/** The largest aligned blocks that tile an interval, in address order. */
function intervalToCidrs(interval: AddressInterval, family: AddressFamily): string[] {
  const bits = FAMILY_BITS[family];
  const out: string[] = [];
  let start = interval.start;
  while (start < interval.end) {
    // The largest block aligned at `start` that still fits in the interval (an interval never
    // passes the end of its family, so a whole family stops it at /0).
    let hostBits = 0;
    while (start % (1n << BigInt(hostBits + 1)) === 0n && start + (1n << BigInt(hostBits + 1)) <= interval.end) hostBits++;
    out.push(formatBlock(start, bits - hostBits, family));
    start += 1n << BigInt(hostBits);
  }
  return out;
}

/** A block's text: its first address (aligned to the prefix) and its prefix length. */
function formatBlock(start: bigint, prefixLength: number, family: AddressFamily): string {
  if (family === 'ipv4') {
    return `${[24n, 16n, 8n, 0n].map((shift) => String((start >> shift) & 0xffn)).join('.')}/${prefixLength}`;
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((start >> shift) & 0xffffn).toString(16));
  // Canonical text (RFC 5952) through the parser the rest of core uses.
  return parseCidr(`${groups.join(':')}/${prefixLength}`).cidr;
}
