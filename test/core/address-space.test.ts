/**
 * Address sets judge what blocks really cover: the same set however the blocks are written.
 */
import * as fc from 'fast-check';
import { AddressSet, familySize } from '../../src/core/address-space';
import { aggregateCidrs, parseCidr } from '../../src/core/cidr';

test('two /1 halves cover the whole IPv4 internet, as 0.0.0.0/0 does', () => {
  const halves = AddressSet.fromCidrs(['0.0.0.0/1', '128.0.0.0/1']);
  expect(halves.coversFamily('ipv4')).toBe(true);
  expect(halves.coversFamily('ipv6')).toBe(false);
  expect(halves.equals(AddressSet.fromCidrs(['0.0.0.0/0']))).toBe(true);
});

test('128 /7 blocks cover the whole IPv4 internet; 127 of them do not', () => {
  const blocks = Array.from({ length: 128 }, (_, i) => `${i * 2}.0.0.0/7`);
  expect(AddressSet.fromCidrs(blocks).coversFamily('ipv4')).toBe(true);
  const missing = AddressSet.fromCidrs(blocks.slice(1));
  expect(missing.coversFamily('ipv4')).toBe(false);
  expect(missing.size('ipv4')).toBe(familySize('ipv4') - 2n ** 25n);
});

test('IPv6 halves cover ::/0', () => {
  expect(AddressSet.fromCidrs(['::/1', '8000::/1']).coveredFamilies()).toEqual(['ipv6']);
});

test('complement, subtract and intersect are exact', () => {
  const a = AddressSet.fromCidrs(['10.0.0.0/8']);
  const b = AddressSet.fromCidrs(['10.1.0.0/16', '192.168.0.0/16']);
  expect(a.intersect(b).toCidrs()).toEqual(['10.1.0.0/16']);
  expect(a.subtract(b).containsSet(AddressSet.fromCidrs(['10.2.0.0/16']))).toBe(true);
  expect(a.subtract(b).overlaps(AddressSet.fromCidrs(['10.1.2.0/24']))).toBe(false);
  expect(a.complement().union(a).coveredFamilies()).toEqual(['ipv4', 'ipv6']);
  expect(AddressSet.EMPTY.isEmpty()).toBe(true);
  expect(AddressSet.everything(['ipv6']).coveredFamilies()).toEqual(['ipv6']);
});

test('toCidrs gives the fewest aligned blocks', () => {
  expect(AddressSet.fromCidrs(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']).toCidrs()).toEqual(['10.0.0.0/23', '10.0.2.0/24']);
  expect(AddressSet.fromCidrs(['2001:db8::/33', '2001:db8:8000::/33']).toCidrs()).toEqual(['2001:db8::/32']);
});

test('property: the set of random blocks equals the set of their lossless aggregation, and round-trips through toCidrs', () => {
  const block = fc.oneof(
    fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => parseCidr(`${a}/${p}`)),
    fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => parseCidr(`${a}/${p}`)),
  );
  fc.assert(
    fc.property(fc.array(block, { maxLength: 20 }), (blocks) => {
      const set = AddressSet.fromBlocks(blocks);
      expect(set.equals(AddressSet.fromBlocks(aggregateCidrs(blocks)))).toBe(true);
      expect(AddressSet.fromCidrs(set.toCidrs()).equals(set)).toBe(true);
      for (const b of blocks) expect(set.containsSet(AddressSet.fromBlocks([b]))).toBe(true);
    }),
    { numRuns: 500 },
  );
});

// Mutation testing (issue 16): the edges of the interval arithmetic that the tables above never
// reached.
describe('edges', () => {
  test('everything of one family holds nothing of the other', () => {
    const v4 = AddressSet.everything(['ipv4']);
    expect([v4.intervals('ipv6'), v4.coveredFamilies()]).toEqual([[], ['ipv4']]);
    expect(AddressSet.everything(['ipv6']).intervals('ipv4')).toEqual([]);
  });

  test('a set that starts at the first address but stops short does not cover the family', () => {
    expect(AddressSet.fromCidrs(['0.0.0.0/1']).coversFamily('ipv4')).toBe(false);
    expect(AddressSet.fromCidrs(['::/1']).coversFamily('ipv6')).toBe(false);
  });

  test('the complement of everything is empty, with no empty interval left in it, and the complement of nothing is everything', () => {
    const none = AddressSet.everything().complement();
    expect([none.isEmpty(), none.intervals('ipv4'), none.intervals('ipv6')]).toEqual([true, [], []]);
    expect(AddressSet.EMPTY.complement().coveredFamilies()).toEqual(['ipv4', 'ipv6']);
  });

  test('a block at either end of the space leaves one interval in the complement', () => {
    expect(AddressSet.fromCidrs(['0.0.0.0/8', '255.0.0.0/8']).complement().toCidrs().slice(0, 9)).toEqual([
      '1.0.0.0/8',
      '2.0.0.0/7',
      '4.0.0.0/6',
      '8.0.0.0/5',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
      '128.0.0.0/2',
      '192.0.0.0/3',
    ]);
  });

  test.each([
    [['10.0.0.0/8', '1.0.0.0/8', '5.0.0.0/8', '3.0.0.0/8', '200.0.0.0/8', '7.0.0.0/8', '2.0.0.0/8', '100.0.0.0/8']],
    [['9.0.0.0/8', '8.0.0.0/8', '7.0.0.0/8', '6.0.0.0/8', '5.0.0.0/8', '4.0.0.0/8', '3.0.0.0/8', '2.0.0.0/8', '1.0.0.0/8', '0.0.0.0/8', '11.0.0.0/8', '13.0.0.0/8']],
  ])('blocks in any order give sorted, merged intervals (%#)', (cidrs) => {
    const sorted = [...cidrs].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    expect(AddressSet.fromCidrs(cidrs).toCidrs()).toEqual(AddressSet.fromCidrs(sorted).toCidrs());
    const starts = AddressSet.fromCidrs(cidrs).intervals('ipv4').map((i) => i.start);
    expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : 1)));
  });
});
