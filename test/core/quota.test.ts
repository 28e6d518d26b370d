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
