/**
 * What rules really open to the internet: by address space, never by the literal "0.0.0.0/0".
 * A property test compares the judge with an exact, port-by-port address-space computation.
 */
import * as fc from 'fast-check';
import { AddressSet } from '../../src/core/address-space';
import { parseCidr } from '../../src/core/cidr';
import { plainScope } from '../../src/core/errors';
import { ExposureRule, internetExposure, publicInternet, rangesContain } from '../../src/core/exposure';
import { judgeIngress, judgeRestrictedEgress } from '../../src/core/workspace-model';

const rule = (cidrs: string[], ports: number[] | 'all'): ExposureRule => ({ blocks: cidrs.map(parseCidr), ports: ports === 'all' ? 'all' : ports.map((p) => ({ from: p, to: p })) });
const open = (rules: ExposureRule[], family: 'ipv4' | 'ipv6', port: number) => internetExposure(rules).some((e) => e.family === family && e.whole && rangesContain(e.ranges, port));

describe('the public internet', () => {
  test('excludes private, shared, loopback, link-local, documentation, multicast and reserved space', () => {
    for (const cidr of ['10.1.2.3/32', '172.16.0.0/12', '192.168.1.0/24', '100.64.0.0/10', '127.0.0.1/32', '169.254.0.0/16', '192.0.2.0/24', '203.0.113.0/24', '224.0.0.0/4', '255.255.255.255/32', 'fe80::/10', 'fc00::/7', '2001:db8::/32', '::1/128']) {
      expect(publicInternet().overlaps(AddressSet.fromCidrs([cidr]))).toBe(false);
    }
    for (const cidr of ['8.8.8.8/32', '1.0.0.0/8', '2600::/16', '2a00::/12']) expect(publicInternet().containsSet(AddressSet.fromCidrs([cidr]))).toBe(true);
  });
});

describe('internetExposure', () => {
  test.each([
    [['0.0.0.0/0'], 'ipv4'],
    [['0.0.0.0/1', '128.0.0.0/1'], 'ipv4'],
    [Array.from({ length: 128 }, (_, i) => `${i * 2}.0.0.0/7`), 'ipv4'],
    [['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'], 'ipv4'],
    [['::/0'], 'ipv6'],
    [['::/1', '8000::/1'], 'ipv6'],
    [['2000::/3'], 'ipv6'],
  ] as const)('case %#: port 22 open to the whole internet, however written', (cidrs, family) => {
    expect(open([rule([...cidrs], [22])], family, 22)).toBe(true);
  });

  test('half the internet is wide, not whole', () => {
    const [e] = internetExposure([rule(['0.0.0.0/1'], [22])], { includeWide: true });
    expect(e).toMatchObject({ family: 'ipv4', whole: false });
    expect(e.share).toMatch(/%$/);
  });

  test('a private block is not exposure at all', () => {
    expect(internetExposure([rule(['10.0.0.0/8', '192.168.0.0/16'], [22])], { includeWide: true })).toEqual([]);
  });

  test('rules on different ports are never united', () => {
    expect(open([rule(['0.0.0.0/1'], [22]), rule(['128.0.0.0/1'], [23])], 'ipv4', 22)).toBe(false);
  });

  test('a rule on all ports and protocols covers every port', () => {
    expect(open([rule(['0.0.0.0/1'], 'all'), rule(['128.0.0.0/1'], [3389])], 'ipv4', 3389)).toBe(true);
  });

  test('property: agrees with an exact port-by-port address-space computation', () => {
    const prefix = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 }));
    const octet = fc.integer({ min: 0, max: 255 });
    const v4 = fc.tuple(octet, octet, octet, octet, prefix).map(([a, b, c, d, p]) => parseCidr(`${a}.${b}.${c}.${d}/${p}`));
    const v6 = fc.tuple(fc.integer({ min: 0, max: 0xffff }), prefix).map(([n, p]) => parseCidr(`${n.toString(16)}::/${p}`));
    const ports = fc.oneof(fc.constant<'all'>('all'), fc.array(fc.constantFrom(21, 22, 23, 443, 3389, 8786), { minLength: 1, maxLength: 3 }));
    const rules = fc.array(fc.record({ blocks: fc.array(fc.oneof(v4, v6), { minLength: 1, maxLength: 4 }), ports }), { maxLength: 12 });
    fc.assert(
      fc.property(rules, (raw) => {
        const internet = publicInternet();
        const list: ExposureRule[] = raw.map((r) => ({ blocks: r.blocks, ports: r.ports === 'all' ? 'all' : r.ports.map((p) => ({ from: p, to: p })) }));
        for (const port of [1, 21, 22, 23, 443, 3389, 8786, 65535]) {
          const exact = AddressSet.fromBlocks(list.filter((r) => r.ports === 'all' || rangesContain(r.ports, port)).flatMap((r) => r.blocks));
          for (const family of ['ipv4', 'ipv6'] as const) {
            const whole = exact.intersect(internet).size(family) === internet.size(family);
            if (open(list, family, port) !== whole) return false;
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('warnings', () => {
  test('SSH open to the internet, however written, names the input and the address space', () => {
    const warnings: string[] = [];
    const rules = [rule(['0.0.0.0/1', '128.0.0.0/1'], [22])];
    judgeIngress(plainScope('Ws', warnings), { rules, fromProps: rules, usingDefault: false, target: 'the scheduler' });
    expect(warnings.join('\n')).toMatch(/adminPortOpenToWorld: ingress opens SSH \(22\) on the scheduler to every public IPv4 address \(the whole internet\), however the blocks are written/);
  });

  test('rules from connections are named as such', () => {
    const warnings: string[] = [];
    judgeIngress(plainScope('Ws', warnings), { rules: [rule(['0.0.0.0/0'], [3389])], fromProps: [], usingDefault: false, target: 'the scheduler', otherSource: 'rules added through connections' });
    expect(warnings.join('\n')).toMatch(/rules added through connections open RDP \(3389\)/);
  });

  test('restricted egress undone on every port says so', () => {
    const warnings: string[] = [];
    judgeRestrictedEgress(plainScope('Ws', warnings), { rules: [{ blocks: [parseCidr('0.0.0.0/0')], ports: [{ from: 1, to: 65535 }] }], allowedPorts: [443], source: 'dataSources' });
    expect(warnings.join('\n')).toMatch(/egressOpenToWorld: restrictEgress is true, but dataSources open every port to every public IPv4 address \(the whole internet\): egress is not restricted at all/);
  });

  test('HTTPS anywhere is what restricted egress allows: no warning', () => {
    const warnings: string[] = [];
    judgeRestrictedEgress(plainScope('Ws', warnings), { rules: [rule(['0.0.0.0/0'], [443])], allowedPorts: [443], source: 'dataSources' });
    expect(warnings).toEqual([]);
  });
});
