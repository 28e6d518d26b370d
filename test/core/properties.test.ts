/**
 * Property tests of the core model (fast-check, 1,000 runs each): normalisation is idempotent,
 * independent of input order, and never loses or invents a (port, CIDR) pair; aggregation keeps
 * exactly the same addresses.
 */
import * as fc from 'fast-check';
import { ParsedCidr, aggregateCidrs, blockSize, checkCidr, parseCidr } from '../../src/core/cidr';
import { plainScope } from '../../src/core/errors';
import { IngressRule, NormalizedRule, normalizeRules, pairsOf } from '../../src/core/ingress';
import { compactRules } from '../../src/core/quota';

const RUNS = { numRuns: 1000 };

const cidrArb = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`),
);
const portArb = fc.integer({ min: 1, max: 65535 });
const descriptionArb = fc.option(fc.stringMatching(/^[a-zA-Z0-9 ._-]{1,30}$/), { nil: undefined });
const ruleArb: fc.Arbitrary<IngressRule> = fc.record({ ports: fc.array(portArb, { minLength: 1, maxLength: 6 }), cidr: cidrArb, description: descriptionArb }, { requiredKeys: ['ports', 'cidr'] });
const rulesArb = fc.array(ruleArb, { maxLength: 12 });

const normalize = (rules: unknown) => normalizeRules(plainScope('P'), 'ingress', rules);
const plain = (rules: NormalizedRule[]) => rules.map((r) => ({ cidr: r.cidr, ports: r.ports, description: r.description }));
const canonical = (cidr: string) => {
  const check = checkCidr(cidr);
  if (!check.ok) throw new Error(`generator produced an invalid CIDR ${cidr}`);
  return check.value.cidr;
};

test('normalisation is idempotent', () => {
  fc.assert(
    fc.property(rulesArb, (rules) => {
      const once = plain(normalize(rules));
      expect(plain(normalize(once))).toEqual(once);
    }),
    RUNS,
  );
});

test('normalisation does not depend on the order of rules or ports', () => {
  fc.assert(
    fc.property(
      rulesArb.chain((rules) =>
        fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length }), fc.context()),
      ),
      ([rules, shuffled]) => {
        const reversedPorts = shuffled.map((r) => ({ ...r, ports: [...r.ports].reverse() }));
        expect(plain(normalize(reversedPorts))).toEqual(plain(normalize(rules)));
      },
    ),
    RUNS,
  );
});

test('normalisation never loses or invents a (port, CIDR) pair', () => {
  fc.assert(
    fc.property(rulesArb, (rules) => {
      const given = new Set(rules.flatMap((r) => r.ports.map((p) => `${canonical(r.cidr)}|${p}`)));
      expect(pairsOf(normalize(rules))).toEqual(given);
    }),
    RUNS,
  );
});

/** Union of blocks as sorted, merged [start, end) intervals per family. */
function coverage(blocks: ParsedCidr[]): string[] {
  const out: string[] = [];
  for (const family of ['ipv4', 'ipv6']) {
    const intervals = blocks
      .filter((b) => b.family === family)
      .map((b) => [b.start, b.start + blockSize(b)] as [bigint, bigint])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const merged: Array<[bigint, bigint]> = [];
    for (const [s, e] of intervals) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = e > last[1] ? e : last[1];
      else merged.push([s, e]);
    }
    out.push(...merged.map(([s, e]) => `${family}:${s}-${e}`));
  }
  return out;
}

test('aggregation covers exactly the same addresses, with no overlaps left', () => {
  fc.assert(
    fc.property(fc.array(cidrArb, { maxLength: 30 }), (cidrs) => {
      const blocks = cidrs.map((c) => parseCidr(c));
      const aggregated = aggregateCidrs(blocks);
      expect(coverage(aggregated)).toEqual(coverage(blocks));
      const total = aggregated.reduce((n, b) => n + blockSize(b), 0n);
      const covered = coverage(blocks).reduce((n, iv) => {
        const [s, e] = iv.split(':')[1].split('-').map(BigInt);
        return n + (e - s);
      }, 0n);
      expect(total).toBe(covered);
    }),
    RUNS,
  );
});

test('compaction keeps every port reachable from exactly the same addresses', () => {
  fc.assert(
    fc.property(rulesArb, (rules) => {
      const normalized = normalize(rules);
      const compacted = compactRules(normalized);
      const byPort = (rs: NormalizedRule[]) => {
        const ports = new Map<number, ParsedCidr[]>();
        for (const r of rs) for (const p of r.ports) ports.set(p, [...(ports.get(p) ?? []), r.parsed!]);
        return new Map([...ports].map(([p, bs]) => [p, coverage(bs)]));
      };
      expect(byPort(compacted)).toEqual(byPort(normalized));
    }),
    RUNS,
  );
});
