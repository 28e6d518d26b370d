import { plainScope } from '../../src/core/errors';
import { normalizeRules, pairsOf } from '../../src/core/ingress';
import { compactRules, countIngressRules, countRules } from '../../src/core/quota';

describe('countRules', () => {
  test('counts IPv4 and IPv6 separately; a security-group peer counts in both', () => {
    expect(
      countRules([
        { direction: 'ingress', peer: { kind: 'cidr', family: 'ipv4' } },
        { direction: 'ingress', peer: { kind: 'cidr', family: 'ipv6' } },
        { direction: 'ingress', peer: { kind: 'security-group' } },
        { direction: 'egress', peer: { kind: 'cidr', family: 'ipv4' } },
      ]),
    ).toEqual({ ingressIpv4: 2, ingressIpv6: 2, egressIpv4: 1, egressIpv6: 0, unknownPrefixLists: 0 });
  });

  test('a prefix list counts as its maximum entries', () => {
    expect(countRules([{ direction: 'ingress', peer: { kind: 'prefix-list', maxEntries: 25, family: 'ipv4' } }]).ingressIpv4).toBe(25);
  });

  test('a token CIDR is charged to both families; an unknown prefix list is reported', () => {
    const c = countRules([
      { direction: 'egress', peer: { kind: 'cidr', family: 'unresolved' } },
      { direction: 'egress', peer: { kind: 'prefix-list' } },
    ]);
    expect([c.egressIpv4, c.egressIpv6, c.unknownPrefixLists]).toEqual([2, 2, 1]);
  });

  test('countIngressRules: one rule per contiguous port range per block', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [{ ports: [443, 8786, 8787, 22], cidr: '0.0.0.0/0' }, { ports: [443], cidr: '::/0' }]);
    expect(countIngressRules(rules)).toEqual({ ipv4: 3, ipv6: 1 });
  });
});

describe('compactRules', () => {
  test('aggregates only blocks that open the same ports, and never loses a pair', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24' },
      { ports: [443], cidr: '10.0.1.0/24' },
      { ports: [22], cidr: '10.0.2.0/24' },
    ]);
    const compacted = compactRules(rules);
    expect(compacted.map((r) => [r.cidr, r.ports])).toEqual([
      ['10.0.0.0/23', [443]],
      ['10.0.2.0/24', [22]],
    ]);
  });

  test('blocks that meet after aggregation are merged into one rule per block', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24' },
      { ports: [443], cidr: '10.0.1.0/24' },
      { ports: [22], cidr: '10.0.0.0/23' },
    ]);
    expect(compactRules(rules).map((r) => [r.cidr, r.ports])).toEqual([['10.0.0.0/23', [22, 443]]]);
    expect(pairsOf(compactRules(rules)).size).toBe(2);
  });
});

describe('compactRules groups by the exact port set', () => {
  // Port sets written without a separator ("123") would make [1, 2, 3] and [1, 23] one group, and
  // aggregation would then hand one block's ports to its neighbour.
  test('adjacent blocks whose port lists read alike without separators stay apart', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [1, 23], cidr: '10.0.0.0/25' },
      { ports: [1, 2, 3], cidr: '10.0.0.128/25' },
    ]);
    const compacted = compactRules(rules);
    expect(compacted.map((r) => [r.cidr, r.ports])).toEqual([
      ['10.0.0.0/25', [1, 23]],
      ['10.0.0.128/25', [1, 2, 3]],
    ]);
    expect(pairsOf(compacted)).toEqual(pairsOf(rules));
  });

  test('the merged description is cut at 255 characters, exactly', () => {
    const a = 'a'.repeat(200);
    const b = 'b'.repeat(200);
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [22], cidr: '10.0.0.0/24', description: a },
      { ports: [443], cidr: '10.0.0.0/24', description: b },
    ]);
    expect(rules[0].description).toHaveLength(255);
    const compacted = compactRules([
      { ...rules[0], ports: [22], description: a },
      { ...rules[0], ports: [443], description: b },
    ]);
    expect(compacted).toHaveLength(1);
    expect(compacted[0].description).toBe(`${a}; ${b}`.slice(0, 255));
  });

  test('an aggregated group names how many blocks it came from; a group that did not shrink keeps its descriptions', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24', description: 'office' },
      { ports: [443], cidr: '10.0.1.0/24', description: 'branch' },
      { ports: [22], cidr: '10.0.2.0/24', description: 'vpn' },
      { ports: [22], cidr: '10.0.4.0/24', description: 'admin' },
    ]);
    const compacted = compactRules(rules);
    expect(compacted.map((r) => r.cidr)).toEqual(['10.0.0.0/23', '10.0.2.0/24', '10.0.4.0/24']);
    expect(compacted[0].description).toBe('Aggregated from 2 blocks');
    expect(compacted[1].description).toContain('vpn');
    expect(compacted[2].description).toContain('admin');
  });

  test('rules without a description stay without one', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [{ ports: [22], cidr: '10.0.2.0/24' }]);
    expect(compactRules(rules)[0].description).toBeUndefined();
  });
});

describe('a prefix list is charged to its own family only', () => {
  test.each([
    ['ipv4', 7, 0],
    ['ipv6', 0, 7],
    [undefined, 7, 7],
  ] as const)('family %s: %i IPv4 and %i IPv6 rules', (family, v4, v6) => {
    const c = countRules([
      { direction: 'ingress', peer: { kind: 'prefix-list', maxEntries: 7, family } },
      { direction: 'egress', peer: { kind: 'prefix-list', maxEntries: 7, family } },
    ]);
    expect([c.ingressIpv4, c.ingressIpv6, c.egressIpv4, c.egressIpv6, c.unknownPrefixLists]).toEqual([v4, v6, v4, v6, 0]);
  });
});

describe('compactRules keeps its output in a stable, exact form', () => {
  // Survivors of mutation testing (issue 16): orderings that only a non-trivial input tells apart,
  // and description joins that only a rule without a description tells apart.
  test('the result is sorted by block, whatever order the port groups were seen in', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [22], cidr: '10.0.0.0/24' },
      { ports: [443], cidr: '10.0.1.0/24' },
      { ports: [22], cidr: '10.0.2.0/24' },
    ]);
    expect(compactRules(rules).map((r) => r.cidr)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  test('ports merged onto one block are in numeric order (not text order, not insertion order)', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [9, 100], cidr: '10.0.0.0/24' },
      { ports: [9, 100], cidr: '10.0.1.0/24' },
      { ports: [5, 22], cidr: '10.0.0.0/23' },
    ]);
    expect(compactRules(rules).map((r) => [r.cidr, r.ports])).toEqual([['10.0.0.0/23', [5, 9, 22, 100]]]);
  });

  test('a block merged from a group without a description takes only the other group\'s', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24' },
      { ports: [443], cidr: '10.0.4.0/24' },
      { ports: [22], cidr: '10.0.0.0/24', description: 'vpn' },
    ]);
    // 443's blocks do not aggregate, so its group keeps its (absent) descriptions.
    const compacted = compactRules([
      { ...rules[0], ports: [443], description: undefined },
      rules[1],
      { ...rules[0], ports: [22], description: 'vpn' },
    ]);
    expect(compacted.map((r) => [r.cidr, r.ports, r.description])).toEqual([
      ['10.0.0.0/24', [22, 443], 'vpn'],
      ['10.0.4.0/24', [443], undefined],
    ]);
  });

  test('a group that did not shrink joins its descriptions sorted, with "; ", skipping rules without one, cut at 255', () => {
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24', description: 'zeta office' },
      { ports: [443], cidr: '10.0.4.0/24' },
      { ports: [443], cidr: '10.0.8.0/24', description: 'alpha branch' },
    ]);
    const compacted = compactRules(rules);
    expect(compacted.map((r) => r.description)).toEqual(['alpha branch; zeta office', 'alpha branch; zeta office', 'alpha branch; zeta office']);

    const long = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24', description: 'a'.repeat(200) },
      { ports: [443], cidr: '10.0.4.0/24', description: 'b'.repeat(200) },
    ]);
    const cut = compactRules(long);
    expect(cut[0].description).toBe(`${'a'.repeat(200)}; ${'b'.repeat(200)}`.slice(0, 255));
  });

  test('a block only known at deploy time is kept as it is, after the literal blocks', () => {
    const token = { cidr: '${Token[TOKEN.1]}', family: 'ipv4' as const, ports: [443], description: 'from SSM' };
    const rules = normalizeRules(plainScope(), 'ingress', [
      { ports: [443], cidr: '10.0.0.0/24' },
      { ports: [443], cidr: '10.0.1.0/24' },
    ]);
    expect(compactRules([token, ...rules]).map((r) => [r.cidr, r.ports, r.description])).toEqual([
      ['10.0.0.0/23', [443], 'Aggregated from 2 blocks'],
      ['${Token[TOKEN.1]}', [443], 'from SSM'],
    ]);
  });
});
