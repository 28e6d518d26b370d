/**
 * Port, service and traffic sets judge what rules really open: set operations agree, point by
 * point, with the rules they were built from, however the rules are written.
 */
import * as fc from 'fast-check';
import { AddressSet } from '../../src/core/address-space';
import { PortSet, ServiceSet, protocolKey } from '../../src/core/port-set';
import { TrafficBox, TrafficSet, relationOf } from '../../src/core/traffic-set';

const A = (...cidrs: string[]) => AddressSet.fromCidrs(cidrs);

describe('PortSet and ServiceSet', () => {
  test('two halves of the port range are every port; ranges merge and print as rules write them', () => {
    expect(PortSet.range(0, 32767).union(PortSet.range(32768, 65535)).isAll()).toBe(true);
    expect(PortSet.fromPorts([8787, 443, 8786]).toString()).toBe('443, 8786-8787');
    expect(PortSet.ALL.subtract(PortSet.fromPorts([22])).toString()).toBe('0-21, 23-65535');
  });

  test('protocols as AWS and GCP write them', () => {
    expect(['tcp', '6', 6, 'TCP'].map(protocolKey)).toEqual(['tcp', 'tcp', 'tcp', 'tcp']);
    expect(['-1', 'all'].map(protocolKey)).toEqual([undefined, undefined]);
    expect(['esp', '50', 'icmpv6', '58', 'sctp'].map(protocolKey)).toEqual(['50', '50', 'icmpv6', 'icmpv6', 'sctp']);
    expect(() => protocolKey('carrier-pigeon')).toThrow(/unknown protocol/);
    // Names every object inherits are no protocol either (a template may say anything).
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(() => protocolKey(name)).toThrow(`unknown protocol "${name}"`);
  });

  test('every protocol minus one port is not every protocol; adding the port back is', () => {
    const allBut22 = ServiceSet.ALL.subtract(ServiceSet.tcp([22]));
    expect(allBut22.isAll()).toBe(false);
    expect(allBut22.toString()).toBe('TCP 0-21, 23-65535; every other protocol');
    expect(allBut22.union(ServiceSet.tcp([22])).isAll()).toBe(true);
    expect(ServiceSet.of('icmp', PortSet.fromPorts([8])).equals(ServiceSet.of('icmp'))).toBe(true);
  });

  const protocols = ['tcp', 'udp', 'icmp', '50', undefined] as const;
  const service = fc.tuple(fc.constantFrom(...protocols), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })).map(([p, a, b]) =>
    ServiceSet.of(p, PortSet.range(Math.min(a, b), Math.max(a, b))),
  );
  const has = (s: ServiceSet, protocol: string, port: number) => s.ports(protocol).has(port);

  test('property: union, intersection and difference agree with membership of every (protocol, port)', () => {
    fc.assert(
      fc.property(fc.array(service, { maxLength: 4 }), fc.array(service, { maxLength: 4 }), (as, bs) => {
        const a = as.reduce((x, y) => x.union(y), ServiceSet.EMPTY);
        const b = bs.reduce((x, y) => x.union(y), ServiceSet.EMPTY);
        const [union, both, diff] = [a.union(b), a.intersect(b), a.subtract(b)];
        const actual: string[] = [];
        const wanted: string[] = [];
        for (const protocol of ['tcp', 'udp', 'icmp', '50', '47']) {
          for (const port of [0, 5, 17, 30, 31, 65535]) {
            const inA = has(a, protocol, port);
            const inB = has(b, protocol, port);
            actual.push(`${protocol}/${port} ${[union, both, diff].map((set) => has(set, protocol, port)).join()}`);
            wanted.push(`${protocol}/${port} ${[inA || inB, inA && inB, inA && !inB].join()}`);
          }
        }
        expect(actual).toEqual(wanted);
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('TrafficSet', () => {
  test('coverage says which services reach every address of a source and which only some', () => {
    const set = TrafficSet.fromBoxes([
      { services: ServiceSet.tcp([443, 8786, 8787]), addresses: A('0.0.0.0/0') },
      { services: ServiceSet.tcp([22]), addresses: A('203.0.113.7/32') },
      { services: ServiceSet.ALL, addresses: A('10.0.0.0/16') },
    ]);
    expect(set.coverage(A('10.0.0.0/16')).full.isAll()).toBe(true);
    const internet = set.coverage(A('203.0.113.0/24'));
    expect(internet.full.toString()).toBe('TCP 443, 8786-8787');
    expect(internet.partial.toString()).toBe('TCP 22');
    expect(set.coverage(A('::/0')).full.isEmpty()).toBe(true);
  });

  test('the same traffic however the rules are written: two /1 blocks and a split port range are 0.0.0.0/0 on every port', () => {
    const written = TrafficSet.fromBoxes([
      { services: ServiceSet.of('tcp', PortSet.range(0, 1000)), addresses: A('0.0.0.0/1', '128.0.0.0/1') },
      { services: ServiceSet.of('tcp', PortSet.range(1001, 65535)), addresses: A('0.0.0.0/0') },
    ]);
    expect(written.equals(TrafficSet.fromBoxes([{ services: ServiceSet.of('tcp'), addresses: A('0.0.0.0/0') }]))).toBe(true);
  });

  const protocols = ['tcp', 'udp', 'icmp', undefined] as const;
  const blocks = ['10.0.0.0/30', '10.0.0.0/31', '10.0.0.2/31', '10.0.0.1/32', '10.0.0.3/32', '10.0.0.0/24', '0.0.0.0/0', '::/0', '2001:db8::/127'];
  const box: fc.Arbitrary<TrafficBox> = fc
    .tuple(fc.constantFrom(...protocols), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.subarray(blocks, { minLength: 1, maxLength: 3 }))
    .map(([p, a, b, cidrs]) => ({ services: ServiceSet.of(p, PortSet.range(Math.min(a, b), Math.max(a, b))), addresses: A(...cidrs) }));
  const points = ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.9', '192.0.2.1', '2001:db8::1', '2001:db8::5'];
  // Built on first use inside a test, not while the file is collected (see docs/mutation.md).
  const hosts = new Map<string, AddressSet>();
  const host = (address: string) => {
    if (!hosts.has(address)) hosts.set(address, A(`${address}/${address.includes(':') ? 128 : 32}`));
    return hosts.get(address)!;
  };
  /** What a set admits from each point, computed once per set. */
  const admitted = (set: TrafficSet) => new Map(points.map((p) => [p, set.coverage(host(p)).full]));
  const inBoxes = (boxes: TrafficBox[], protocol: string, port: number, address: string) =>
    boxes.some((b) => b.services.ports(protocol).has(port) && b.addresses.containsSet(host(address)));

  test('property: a set of boxes holds exactly the points of its boxes; union, intersection and difference agree point by point', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 5 }), fc.array(box, { maxLength: 5 }), (as, bs) => {
        const a = TrafficSet.fromBoxes(as);
        const b = TrafficSet.fromBoxes(bs);
        const [ofA, union, both, diff] = [a, a.union(b), a.intersect(b), a.subtract(b)].map(admitted);
        const contains = (set: Map<string, ServiceSet>, protocol: string, port: number, address: string) => set.get(address)!.ports(protocol).has(port);
        // One comparison per run (not one expect per point): jest's expect costs more than the sets.
        const actual: string[] = [];
        const wanted: string[] = [];
        for (const protocol of ['tcp', 'udp', 'icmp', '47']) {
          for (const port of [0, 3, 12, 13]) {
            for (const address of points) {
              const inA = inBoxes(as, protocol, port, address);
              const inB = inBoxes(bs, protocol, port, address);
              const at = `${protocol}/${port}/${address}`;
              actual.push(`${at} ${[ofA, union, both, diff].map((set) => contains(set, protocol, port, address)).join()}`);
              wanted.push(`${at} ${[inA, inA || inB, inA && inB, inA && !inB].join()}`);
            }
          }
        }
        expect(actual).toEqual(wanted);
        expect(a.union(b).equals(TrafficSet.fromBoxes([...as, ...bs]))).toBe(true);
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

// Mutation testing (issue 16): what the property tests above compare with equals() itself.
describe('TrafficSet edges', () => {
  const tcp = (ports: number[], ...cidrs: string[]) => TrafficSet.fromBoxes([{ services: ServiceSet.tcp(ports), addresses: A(...cidrs) }]);

  test('equals needs containment both ways', () => {
    expect(tcp([22], '10.0.0.0/8').equals(tcp([23], '10.0.0.0/8'))).toBe(false);
    expect(tcp([22], '10.0.0.0/8').equals(tcp([22], '10.0.0.0/8', '192.168.0.0/16'))).toBe(false);
    expect(tcp([22], '10.0.0.0/8', '192.168.0.0/16').equals(tcp([22], '10.0.0.0/8'))).toBe(false);
    expect(tcp([22, 23], '10.0.0.0/9', '10.128.0.0/9').equals(tcp([23], '10.0.0.0/8').union(tcp([22], '10.0.0.0/8')))).toBe(true);
  });

  test('a set is not equal to one that also admits another protocol', () => {
    const udp = TrafficSet.fromBoxes([{ services: ServiceSet.of('udp', PortSet.fromPorts([53])), addresses: A('10.0.0.0/8') }]);
    const both = tcp([22], '10.0.0.0/8').union(udp);
    expect(tcp([22], '10.0.0.0/8').equals(both)).toBe(false);
    expect(both.equals(tcp([22], '10.0.0.0/8'))).toBe(false);
  });

  test('pieces given out of port order make the same set as in order', () => {
    const pieces = [
      { key: 'tcp', from: 443, to: 443, addresses: A('10.0.0.0/8') },
      { key: 'tcp', from: 22, to: 22, addresses: A('192.168.0.0/16') },
    ];
    const set = TrafficSet.fromPieces(['tcp'], pieces);
    expect(set.equals(tcp([443], '10.0.0.0/8').union(tcp([22], '192.168.0.0/16')))).toBe(true);
    expect(set.coverage(A('192.168.1.0/24')).full.toString()).toBe('TCP 22');
  });

  test('coverage of no addresses is nothing; of addresses partly admitted, partial', () => {
    const set = tcp([22], '10.0.0.0/8');
    expect([set.coverage(AddressSet.EMPTY).full.isEmpty(), set.coverage(AddressSet.EMPTY).partial.isEmpty()]).toEqual([true, true]);
    const half = set.coverage(A('10.0.0.0/7'));
    expect([half.full.toString(), half.partial.toString()]).toEqual(['none', 'TCP 22']);
  });
});

// Mutation testing (issue 16): the fast paths, the one form per set that equals() compares, and
// fromPieces' contract.
describe('TrafficSet forms', () => {
  const range = (from: number, to: number, ...cidrs: string[]) => TrafficSet.fromBoxes([{ services: ServiceSet.of('tcp', PortSet.range(from, to)), addresses: A(...cidrs) }]);
  const operands = () => {
    const a = range(22, 22, '10.0.0.0/8');
    // An empty set that is not the EMPTY singleton.
    return { a, b: range(443, 443, '192.168.0.0/16'), none: a.subtract(a), EMPTY: TrafficSet.EMPTY, ALL: TrafficSet.ALL };
  };
  type Name = keyof ReturnType<typeof operands>;

  // The analyzer tells an unfiltered side by `=== TrafficSet.ALL`; the others save a sweep.
  test.each([
    ['a', 'union', 'none', 'a'],
    ['ALL', 'union', 'b', 'ALL'],
    ['none', 'union', 'b', 'b'],
    ['a', 'union', 'ALL', 'ALL'],
    ['a', 'intersect', 'ALL', 'a'],
    ['none', 'intersect', 'b', 'none'],
    ['a', 'intersect', 'none', 'none'],
    ['ALL', 'intersect', 'b', 'b'],
    ['a', 'subtract', 'none', 'a'],
    ['none', 'subtract', 'b', 'none'],
    ['a', 'subtract', 'ALL', 'EMPTY'],
  ] as Array<[Name, 'union' | 'intersect' | 'subtract', Name, Name]>)('%s %s %s is %s itself', (left, op, right, result) => {
    const sets = operands();
    expect(sets[left][op](sets[right])).toBe(sets[result]);
  });

  test('boxes that admit nothing make the EMPTY set itself', () => {
    expect(TrafficSet.fromBoxes([])).toBe(TrafficSet.EMPTY);
    expect(TrafficSet.fromBoxes([{ services: ServiceSet.tcp([22]), addresses: AddressSet.EMPTY }])).toBe(TrafficSet.EMPTY);
    expect(TrafficSet.fromBoxes([{ services: ServiceSet.EMPTY, addresses: A('10.0.0.0/8') }])).toBe(TrafficSet.EMPTY);
  });

  test('equals compares the one form of each set: ports at both ends, protocols, a protocol that admits nothing', () => {
    expect(range(22, 23, '10.0.0.0/8').equals(range(22, 24, '10.0.0.0/8'))).toBe(false);
    expect(range(21, 23, '10.0.0.0/8').equals(range(22, 23, '10.0.0.0/8'))).toBe(false);
    const udp = TrafficSet.fromBoxes([{ services: ServiceSet.of('udp', PortSet.range(22, 22)), addresses: A('10.0.0.0/8') }]);
    expect(range(22, 22, '10.0.0.0/8').equals(udp)).toBe(false);
    const allBut = (protocol: string) => TrafficSet.ALL.subtract(TrafficSet.fromBoxes([{ services: ServiceSet.of(protocol), addresses: AddressSet.everything() }]));
    expect(allBut('tcp').equals(allBut('udp'))).toBe(false);
    expect(allBut('tcp').equals(allBut('tcp'))).toBe(true);
  });

  test('one form: adjacent ranges of the same addresses are one slab, and a protocol admitting what every other protocol admits is not named', () => {
    expect(range(22, 22, '10.0.0.0/8').union(range(23, 30, '10.0.0.0/8')).equals(range(22, 30, '10.0.0.0/8'))).toBe(true);
    const everywhere = (services: ServiceSet) => ({ services, addresses: A('10.0.0.0/8') });
    expect(TrafficSet.fromBoxes([everywhere(ServiceSet.ALL), everywhere(ServiceSet.tcp([22]))]).equals(TrafficSet.fromBoxes([everywhere(ServiceSet.ALL)]))).toBe(true);
  });

  test('fromPieces: a listed protocol without pieces admits nothing; a piece of an unlisted one still counts; empty pieces are dropped; adjacent ones merge', () => {
    const net = A('10.0.0.0/8');
    const allButTcp = TrafficSet.fromPieces(['tcp', '*'], [{ key: '*', from: 0, to: 65535, addresses: net }]);
    expect(allButTcp.coverage(net).full.toString()).toBe('every other protocol but TCP');
    expect(TrafficSet.fromPieces([], [{ key: 'udp', from: 53, to: 53, addresses: net }]).coverage(net).full.toString()).toBe('UDP 53');
    expect(TrafficSet.fromPieces(['tcp'], [{ key: 'tcp', from: 22, to: 22, addresses: AddressSet.EMPTY }]).isEmpty()).toBe(true);
    const split = TrafficSet.fromPieces(['tcp'], [
      { key: 'tcp', from: 23, to: 30, addresses: net },
      { key: 'tcp', from: 22, to: 22, addresses: net },
    ]);
    expect(split.equals(range(22, 30, '10.0.0.0/8'))).toBe(true);
  });

  test('coverage: a block admitted only from its middle, or one block of two, is partial', () => {
    const set = range(22, 22, '10.0.0.128/25');
    expect([set.coverage(A('10.0.0.0/24')).full.toString(), set.coverage(A('10.0.0.0/24')).partial.toString()]).toEqual(['none', 'TCP 22']);
    const net = range(22, 22, '10.0.0.0/8');
    for (const source of [A('10.0.0.0/24', '192.168.0.0/24'), A('192.168.0.0/24', '10.0.0.0/24'), A('10.0.0.0/24', '::/0')]) {
      expect([net.coverage(source).full.toString(), net.coverage(source).partial.toString()]).toEqual(['none', 'TCP 22']);
    }
    expect(net.coverage(A('10.0.0.0/24', '10.2.0.0/16')).full.toString()).toBe('TCP 22');
  });
});

describe('relationOf and equals at their edges', () => {
  test.each([
    ['a set that holds none of the source', ['192.168.0.0/16'], ['10.0.0.0/24'], 'none'],
    ['a set that holds only an address of the other family', ['::/0'], ['10.0.0.0/24'], 'none'],
    ['a set that holds part of it', ['10.0.0.0/25'], ['10.0.0.0/24'], 'part'],
    ['a set that holds one of its two blocks', ['10.0.0.0/24'], ['10.0.0.0/24', '192.168.0.0/24'], 'part'],
    ['a set that holds all of it', ['10.0.0.0/8'], ['10.0.0.0/24', '10.9.0.0/16'], 'all'],
  ])('%s: %s', (_, set, source, relation) => {
    expect(relationOf(A(...set), A(...source))).toBe(relation);
  });

  test('a set is not equal to one that admits the same and more protocols', () => {
    const net = A('10.0.0.0/8');
    const tcp = TrafficSet.fromBoxes([{ services: ServiceSet.tcp([22]), addresses: net }]);
    const tcpAndUdp = TrafficSet.fromBoxes([{ services: ServiceSet.tcp([22]), addresses: net }, { services: ServiceSet.of('udp', PortSet.fromPorts([53])), addresses: net }]);
    expect([tcp.equals(tcpAndUdp), tcpAndUdp.equals(tcp)]).toEqual([false, false]);
  });
});
