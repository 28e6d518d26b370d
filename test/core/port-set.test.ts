/**
 * PortSet and ServiceSet at their edges, and protocolKey's table: what the network analyzer
 * (`coiled-byoc analyze`) reads from AWS's and GCP's ways of writing a protocol. Mutation testing
 * (issue 16) found the complement at both ends of the port axis, clamping, equality, the labels
 * and the protocol numbers never checked; traffic-set.test.ts's property tests only compared sets
 * with sets.
 */
import { PortSet, ServiceSet, carriesPorts, protocolKey } from '../../src/core/port-set';

const ranges = (set: PortSet) => set.ranges().map((r) => [r.from, r.to]);

describe('PortSet', () => {
  test('the complement of every port is empty, with no empty range left in it; of nothing, every port', () => {
    expect([ranges(PortSet.ALL.complement()), PortSet.ALL.complement().isEmpty(), PortSet.ALL.complement().toString()]).toEqual([[], true, 'none']);
    expect(PortSet.EMPTY.complement().isAll()).toBe(true);
  });

  test('the complement at both ends of the axis', () => {
    expect(ranges(PortSet.range(0, 65534).complement())).toEqual([[65535, 65535]]);
    expect(ranges(PortSet.range(1, 65535).complement())).toEqual([[0, 0]]);
    expect(ranges(PortSet.fromPorts([0, 22, 65535]).complement())).toEqual([[1, 21], [23, 65534]]);
  });

  test('ranges are clamped to 0-65535, and a reversed range is no range', () => {
    expect(ranges(PortSet.of([{ from: -5, to: 3 }, { from: 65530, to: 70000 }]))).toEqual([[0, 3], [65530, 65535]]);
    expect(ranges(PortSet.of([{ from: 30, to: 20 }, { from: 22, to: 22 }]))).toEqual([[22, 22]]);
    expect(PortSet.range(70000, 80000).isEmpty()).toBe(true);
  });

  test('adjacent and overlapping ranges merge', () => {
    expect(ranges(PortSet.of([{ from: 10, to: 20 }, { from: 21, to: 30 }, { from: 25, to: 26 }, { from: 1, to: 5 }]))).toEqual([[1, 5], [10, 30]]);
  });

  test('equality needs the same ranges, ends included', () => {
    expect(PortSet.range(1, 5).equals(PortSet.range(1, 6))).toBe(false);
    expect(PortSet.range(1, 5).equals(PortSet.range(2, 5))).toBe(false);
    expect(PortSet.fromPorts([1, 2, 3]).equals(PortSet.range(1, 3))).toBe(true);
  });

  test('toString', () => {
    expect([PortSet.ALL, PortSet.EMPTY, PortSet.fromPorts([443, 8786, 8787])].map(String)).toEqual(['all ports', 'none', '443, 8786-8787']);
  });
});

describe('protocolKey', () => {
  test.each([
    ['tcp', 'tcp'],
    [' TCP ', 'tcp'],
    ['6', 'tcp'],
    [6, 'tcp'],
    ['17', 'udp'],
    ['udp', 'udp'],
    ['132', 'sctp'],
    ['sctp', 'sctp'],
    ['1', 'icmp'],
    ['icmp', 'icmp'],
    ['58', 'icmpv6'],
    ['icmpv6', 'icmpv6'],
    ['esp', '50'],
    ['ah', '51'],
    ['ipip', '4'],
    ['047', '47'],
    ['255', '255'],
    ['-1', undefined],
    [' all ', undefined],
  ])('%j is %j', (written, key) => {
    expect(protocolKey(written)).toBe(key);
  });

  test.each(['256', '300', '6x', 'x6', '-2', '1.5', ''])('%j names no protocol', (written) => {
    expect(() => protocolKey(written)).toThrow(`unknown protocol "${written}"`);
  });

  test('only TCP, UDP and SCTP carry ports', () => {
    expect(['tcp', 'udp', 'sctp', 'icmp', 'icmpv6', '50'].map(carriesPorts)).toEqual([true, true, true, false, false, false]);
  });
});

describe('ServiceSet', () => {
  test('every protocol is ALL; a protocol without ports takes all of them', () => {
    expect(ServiceSet.of(undefined).isAll()).toBe(true);
    expect(ServiceSet.of('icmp', PortSet.fromPorts([22])).ports('icmp').isAll()).toBe(true);
    expect(ServiceSet.of('udp', PortSet.fromPorts([53])).ports('udp').toString()).toBe('53');
  });

  test('equality needs containment both ways', () => {
    expect(ServiceSet.tcp([22]).equals(ServiceSet.tcp([23]))).toBe(false);
    expect(ServiceSet.tcp([22]).equals(ServiceSet.tcp([22, 23]))).toBe(false);
    expect(ServiceSet.tcp([22, 23]).equals(ServiceSet.tcp([22]))).toBe(false);
    expect(ServiceSet.tcp([22, 23]).equals(ServiceSet.tcp([23]).union(ServiceSet.tcp([22])))).toBe(true);
  });

  test('keys are sorted, every other protocol last', () => {
    const set = ServiceSet.ALL.subtract(ServiceSet.of('udp')).subtract(ServiceSet.tcp([22])).subtract(ServiceSet.of('icmp'));
    expect(set.keys()).toEqual(['icmp', 'tcp', 'udp', '*']);
  });

  test('toString names each protocol by its label', () => {
    const each = ['tcp', 'udp', 'sctp', 'icmp', 'icmpv6', '50', '51', '4', '47'].map((key) => ServiceSet.of(key, PortSet.fromPorts([443])).toString());
    expect(each).toEqual(['TCP 443', 'UDP 443', 'SCTP 443', 'ICMP', 'ICMPv6', 'ESP', 'AH', 'IPIP', 'protocol 47']);
    expect([ServiceSet.ALL.toString(), ServiceSet.EMPTY.toString()]).toEqual(['all traffic', 'none']);
  });

  test('toString of every protocol but some', () => {
    expect(ServiceSet.ALL.subtract(ServiceSet.of('udp')).subtract(ServiceSet.of('icmp')).toString()).toBe('every other protocol but ICMP, UDP');
    expect(ServiceSet.ALL.subtract(ServiceSet.tcp([22])).toString()).toBe('TCP 0-21, 23-65535; every other protocol');
    expect(ServiceSet.tcp([443]).union(ServiceSet.of('udp', PortSet.fromPorts([53]))).toString()).toBe('TCP 443; UDP 53');
  });
});

// Mutation testing (issue 16): the fast paths return an operand itself, the way the analyzer's
// `=== TrafficSet.ALL` test relies on for traffic sets; none of them may change what a set holds.
describe('fast paths', () => {
  const ports = () => {
    const a = PortSet.fromPorts([22]);
    // Empty and whole sets that are not the singletons.
    return { a, b: PortSet.fromPorts([443]), none: PortSet.of([]), every: PortSet.range(0, 65535), EMPTY: PortSet.EMPTY };
  };
  const services = () => {
    const a = ServiceSet.tcp([22]);
    const every = ServiceSet.ALL.subtract(a).union(a);
    return { a, b: ServiceSet.tcp([443]), none: a.subtract(ServiceSet.tcp([22])), every, EMPTY: ServiceSet.EMPTY };
  };
  type Name = 'a' | 'b' | 'none' | 'every' | 'EMPTY';
  type Op = 'union' | 'intersect' | 'subtract';
  const cases: Array<[Name, Op, Name, Name]> = [
    ['a', 'union', 'none', 'a'],
    ['every', 'union', 'b', 'every'],
    ['none', 'union', 'b', 'b'],
    ['a', 'union', 'every', 'every'],
    ['a', 'intersect', 'every', 'a'],
    ['none', 'intersect', 'b', 'none'],
    ['a', 'intersect', 'none', 'none'],
    ['every', 'intersect', 'b', 'b'],
    ['a', 'subtract', 'none', 'a'],
    ['none', 'subtract', 'b', 'none'],
    ['a', 'subtract', 'every', 'EMPTY'],
  ];

  test('the test operands are what their names say', () => {
    const p = ports();
    const s = services();
    expect([p.none.isEmpty(), p.none === PortSet.EMPTY, p.every.isAll(), p.every === PortSet.ALL]).toEqual([true, false, true, false]);
    expect([s.none.isEmpty(), s.none === ServiceSet.EMPTY, s.every.isAll(), s.every === ServiceSet.ALL]).toEqual([true, false, true, false]);
  });

  test.each(cases)('ports: %s %s %s is %s itself', (left, op, right, result) => {
    const sets = ports();
    expect(sets[left][op](sets[right])).toBe(sets[result]);
  });

  test.each([
    ['union', 'a'],
    ['intersect', 'a'],
    ['subtract', 'EMPTY'],
  ] as Array<[Op, Name]>)('ports: a %s a is %s itself', (op, result) => {
    const sets = ports();
    expect(sets.a[op](sets.a)).toBe(sets[result]);
  });

  test.each(cases)('services: %s %s %s is %s itself', (left, op, right, result) => {
    const sets = services();
    expect(sets[left][op](sets[right])).toBe(sets[result]);
  });
});
