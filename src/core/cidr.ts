/**
 * CIDR parsing, normalisation and lossless aggregation for IPv4 and IPv6.
 *
 * Parsing is delegated to ipaddr.js; this file only decides what we accept: four-part decimal
 * IPv4, IPv6 without a zone, an explicit prefix length. ipaddr.js takes ~4 ms to load, so it is
 * loaded on first need: the forms nearly every block is written in are read here, four-part
 * decimal IPv4 exactly as ipaddr.js reads it, IPv6 of hex groups (with at most one `::`) only when
 * ipaddr.js would read it the same, and IPv6 is written back in RFC 5952's form, as ipaddr.js
 * writes it. Anything else (an embedded IPv4, a malformed address) goes to ipaddr.js.
 * test/core/cidr.test.ts holds each fast path to ipaddr.js. A block with host bits set (Coiled's own
 * docs write `10.1.0.2/16`) is accepted and normalised to its network address, with a warning that
 * names both forms, because AWS and GCP would otherwise either reject it or store a different
 * value than the one the user reads in their config.
 */
/* eslint-disable no-bitwise -- address arithmetic is bit arithmetic */
import type * as IpaddrModule from 'ipaddr.js';
import { ErrorCode, ValidationScope, fail } from './errors';

let loadedIpaddr: typeof IpaddrModule | undefined;
function ipaddr(): typeof IpaddrModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loadedIpaddr ??= require('ipaddr.js') as typeof IpaddrModule);
}

/** Decimal parts without leading zeros; a fourth digit would make a part over 255. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** The four octets of a four-part decimal IPv4 address (each 0-255, no leading zeros), else undefined. */
export function parseFourPartDecimal(address: string): number[] | undefined {
  const octets = FOUR_PART_DECIMAL.exec(address)?.slice(1).map(Number);
  return octets?.every((octet) => octet <= 255) ? octets : undefined;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * The sixteen bytes of an IPv6 address written as hex groups, with at most one `::` standing for
 * at least one zero group; undefined for any other text (ipaddr.js then decides).
 */
export function parseHexGroupsIpv6(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const [head, tail] = halves.map((half) => (half === '' ? [] : half.split(':')));
  const zeros = tail === undefined ? 0 : 8 - head.length - tail.length;
  if (tail !== undefined && zeros < 1) return undefined;
  const groups = [...head, ...Array<string>(zeros).fill('0'), ...(tail ?? [])];
  if (groups.length !== 8 || !groups.every((group) => HEX_GROUP.test(group))) return undefined;
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/** The bytes of an IPv6 address: hex groups read here, any other form by ipaddr.js; undefined if it is none. */
function readIpv6(address: string): number[] | undefined {
  return parseHexGroupsIpv6(address) ?? (ipaddr().IPv6.isValid(address) ? ipaddr().IPv6.parse(address).toByteArray() : undefined);
}

/** RFC 5952's text for sixteen bytes: lower-case groups, the first longest run of two or more zero groups as `::`. */
export function formatIpv6(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  let runStart = -1;
  let runLength = 1;
  groups.forEach((_, start) => {
    let length = 0;
    while (groups[start + length] === '0') length++;
    if (length > runLength) [runStart, runLength] = [start, length];
  });
  if (runStart < 0) return groups.join(':');
  return `${groups.slice(0, runStart).join(':')}::${groups.slice(runStart + runLength).join(':')}`;
}

export type AddressFamily = 'ipv4' | 'ipv6';

export interface ParsedCidr {
  readonly family: AddressFamily;
  /** Canonical text: network address / prefix length. */
  readonly cidr: string;
  readonly prefixLength: number;
  /** First address of the block as an integer (BigInt covers IPv6). */
  readonly start: bigint;
  /** Number of bits in the family's addresses (32 or 128). */
  readonly bits: number;
}

export type CidrCheck =
  | { readonly ok: true; readonly value: ParsedCidr; readonly hadHostBits: boolean }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

/** Parses `text` without throwing; the result says what is wrong and how to fix it. */
export function checkCidr(text: unknown): CidrCheck {
  if (typeof text !== 'string') {
    return { ok: false, problem: 'a CIDR block must be a string', fix: 'write the block as text, e.g. "10.0.0.0/16"' };
  }
  if (text.trim() === '') {
    return { ok: false, problem: 'the CIDR block is empty', fix: 'give a block such as "203.0.113.0/24", or "0.0.0.0/0" for anywhere' };
  }
  if (text !== text.trim()) {
    return { ok: false, problem: 'the CIDR block has surrounding whitespace', fix: `write "${text.trim()}"` };
  }
  const slash = text.indexOf('/');
  if (slash < 0) {
    const single = ipaddr().isValid(text) ? (ipaddr().parse(text).kind() === 'ipv4' ? '/32' : '/128') : undefined;
    return {
      ok: false,
      problem: 'the prefix length is missing',
      fix: single ? `add a prefix length, e.g. "${text}${single}" for this one address` : 'write address/prefix, e.g. "10.0.0.0/16"',
    };
  }
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) {
    return { ok: false, problem: `the prefix length "${prefixText}" is not a whole number`, fix: 'write a prefix length such as /16 or /32' };
  }
  const prefixLength = Number(prefixText);
  if (address.includes('%')) {
    return { ok: false, problem: 'IPv6 zone identifiers (%...) are not allowed in firewall rules', fix: `drop the zone: "${address.split('%')[0]}/${prefixText}"` };
  }
  const bytes = parseFourPartDecimal(address) ?? (address.includes(':') ? readIpv6(address) : undefined);
  if (bytes === undefined) {
    const looksV4 = /^[\d.]+$/.test(address);
    return {
      ok: false,
      problem: looksV4
        ? `"${address}" is not an IPv4 address (four decimal numbers 0-255 separated by dots)`
        : `"${address}" is not an IPv4 or IPv6 address`,
      fix: 'check each part of the address, e.g. "10.1.0.0/16" or "2001:db8::/32"',
    };
  }
  const family: AddressFamily = bytes.length === 4 ? 'ipv4' : 'ipv6';
  const bits = family === 'ipv4' ? 32 : 128;
  if (prefixLength > bits) {
    return {
      ok: false,
      problem: `the prefix length /${prefixLength} is larger than /${bits}, the maximum for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`,
      fix: `use a prefix length from 0 to ${bits}`,
    };
  }
  const value = toBigInt(bytes);
  const start = maskToNetwork(value, prefixLength, bits);
  return {
    ok: true,
    hadHostBits: start !== value,
    value: { family, prefixLength, bits, start, cidr: `${fromBigInt(start, family)}/${prefixLength}` },
  };
}

/**
 * Validates and normalises one CIDR given to a construct. Throws the library's error for bad input;
 * warns when host bits were set. `input` names the prop for messages (`ingress[0].cidr`).
 */
export function normalizeCidr(scope: ValidationScope, input: string, text: unknown): ParsedCidr {
  const check = checkCidr(text);
  if (!check.ok) {
    fail(scope, { code: ErrorCode.INVALID_CIDR, input, value: text, problem: check.problem, fix: check.fix });
  }
  if (check.hadHostBits) {
    scope.warn(
      'coiled-byoc:cidrHostBits',
      `${input} "${String(text)}" has host bits set; it is used as its network block "${check.value.cidr}". Write "${check.value.cidr}" to silence this warning.`,
    );
  }
  return check.value;
}

/** Parses a CIDR already known to be valid (internal use, tests). */
export function parseCidr(text: string): ParsedCidr {
  const check = checkCidr(text);
  if (!check.ok) throw new Error(`not a valid CIDR: ${text}: ${check.problem}`);
  return check.value;
}


/** Size of the block in addresses. */
export function blockSize(cidr: ParsedCidr): bigint {
  return 1n << BigInt(cidr.bits - cidr.prefixLength);
}

/** True when `outer` contains every address of `inner` (same family). */
export function contains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || outer.prefixLength > inner.prefixLength) return false;
  return maskToNetwork(inner.start, outer.prefixLength, outer.bits) === outer.start;
}

/** Total order: IPv4 before IPv6, then by address, then wider blocks first. */
export function compareCidrs(a: ParsedCidr, b: ParsedCidr): number {
  if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.prefixLength - b.prefixLength;
}

/**
 * Lossless aggregation: the smallest list of blocks covering exactly the same addresses.
 * Contained blocks are dropped and adjacent sibling blocks are merged into their parent,
 * repeatedly. The result is sorted with {@link compareCidrs}.
 */
export function aggregateCidrs(blocks: readonly ParsedCidr[]): ParsedCidr[] {
  const result: ParsedCidr[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    // A stack walk over the sorted list merges siblings as soon as both halves are seen.
    const sorted = blocks.filter((b) => b.family === family).sort(compareCidrs);
    const stack: ParsedCidr[] = [];
    for (const block of sorted) {
      const top = stack[stack.length - 1];
      if (top && contains(top, block)) continue;
      let current = block;
      for (;;) {
        const previous = stack[stack.length - 1];
        const merged = previous ? mergeSiblings(previous, current) : undefined;
        if (!merged) break;
        stack.pop();
        current = merged;
      }
      stack.push(current);
    }
    result.push(...stack);
  }
  return result;
}

function mergeSiblings(a: ParsedCidr, b: ParsedCidr): ParsedCidr | undefined {
  if (a.family !== b.family || a.prefixLength !== b.prefixLength || a.prefixLength === 0) return undefined;
  const parentPrefix = a.prefixLength - 1;
  const parentStart = maskToNetwork(a.start, parentPrefix, a.bits);
  if (parentStart !== a.start || a.start + blockSize(a) !== b.start) return undefined;
  return {
    family: a.family,
    bits: a.bits,
    prefixLength: parentPrefix,
    start: parentStart,
    cidr: `${fromBigInt(parentStart, a.family)}/${parentPrefix}`,
  };
}

function maskToNetwork(value: bigint, prefixLength: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefixLength);
  return (value >> hostBits) << hostBits;
}

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function fromBigInt(value: bigint, family: AddressFamily): string {
  const byteCount = family === 'ipv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = byteCount - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return family === 'ipv4' ? bytes.join('.') : formatIpv6(bytes);
}
