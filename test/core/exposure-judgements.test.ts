/**
 * internetExposure's exact output (which ports, per family, whole or which share), and the port
 * helpers the warnings are built from. Mutation testing (issue 16) found these checked only by
 * "is port 22 open" and by a share matching /%$/: a group key that let two port sets collide,
 * overlapping ranges of one rule, the wide threshold exactly at a /8, and adjacent stretches
 * merged or not would all have passed.
 */
import { parseCidr } from '../../src/core/cidr';
import { ExposureRule, clipRanges, familyLabel, formatRanges, formatShare, internetExposure, subtractPorts } from '../../src/core/exposure';

// Blocks are parsed when a test reads them, not while the tables are collected: mutation testing
// attributes code run at collection to no test (a "static" mutant re-runs every test).
const rule = (cidrs: string[], ports: Array<[number, number]> | 'all'): ExposureRule => ({
  get blocks() {
    return cidrs.map(parseCidr);
  },
  ports: ports === 'all' ? 'all' : ports.map(([from, to]) => ({ from, to })),
});
const whole = (family: 'ipv4' | 'ipv6', ...ranges: Array<[number, number]>) => ({ family, ranges: ranges.map(([from, to]) => ({ from, to })), whole: true, share: '100%' });
const wide = (family: 'ipv4' | 'ipv6', share: string, ...ranges: Array<[number, number]>) => ({ family, ranges: ranges.map(([from, to]) => ({ from, to })), whole: false, share });

describe('internetExposure', () => {
  test.each([
    // Ports 1-2 and 3 written as two ranges, 1-23 as one: as text both read "1-23" without a
    // separator, and the second rule's blocks would take the first rule's ports.
    ['two port sets that read alike without a separator', [rule(['0.0.0.0/1'], [[1, 2], [3, 3]]), rule(['128.0.0.0/1'], [[1, 23]])], [whole('ipv4', [1, 3]), wide('ipv4', '43%', [4, 23])]],
    ['overlapping ranges of one rule: open until the last of them ends', [rule(['0.0.0.0/0'], [[1, 10], [5, 20]])], [whole('ipv4', [1, 20])]],
    ['three overlapping ranges, given out of order', [rule(['0.0.0.0/0'], [[5, 20], [1, 10], [8, 30]])], [whole('ipv4', [1, 30])]],
    ['a reversed range opens nothing', [rule(['0.0.0.0/0'], [[30, 20], [22, 22]])], [whole('ipv4', [22, 22])]],
    // Its start would otherwise open everything up to the next range.
    ['a reversed range before another range opens nothing', [rule(['0.0.0.0/0'], [[30, 20], [40, 40]])], [whole('ipv4', [40, 40])]],
    ['adjacent stretches of one family merge; the other family is its own', [rule(['0.0.0.0/0'], [[22, 22]]), rule(['::/0'], [[23, 23]]), rule(['0.0.0.0/0'], [[23, 23]])], [whole('ipv4', [22, 23]), whole('ipv6', [23, 23])]],
    ['every protocol and port, both families', [rule(['0.0.0.0/0', '::/0'], 'all')], [whole('ipv4', [1, 65535]), whole('ipv6', [1, 65535])]],
    // Wide starts at exactly an IPv4 /8 and an IPv6 /32 of public space.
    ['exactly an IPv4 /8 and an IPv6 /32: wide', [rule(['1.0.0.0/8'], [[22, 22]]), rule(['2600::/32'], [[22, 22]])], [wide('ipv4', '0.45%', [22, 22]), wide('ipv6', 'under 0.01%', [22, 22])]],
    ['half of that: not wide', [rule(['1.0.0.0/9'], [[22, 22]]), rule(['2600::/33'], [[22, 22]])], []],
    ['ports open to the same share are reported together, another share apart', [rule(['0.0.0.0/1'], [[22, 22]]), rule(['0.0.0.0/1'], [[443, 443]]), rule(['128.0.0.0/2'], [[80, 80]])], [wide('ipv4', '57%', [22, 22], [443, 443]), wide('ipv4', '29%', [80, 80])]],
    ['a rule with no blocks, or with no ports, opens nothing', [rule([], [[22, 22]]), rule(['0.0.0.0/0'], [])], []],
  ])('%s', (_, rules, expected) => {
    expect(internetExposure(rules, { includeWide: true })).toEqual(expected);
  });

  test('without includeWide only the whole internet is reported', () => {
    expect(internetExposure([rule(['0.0.0.0/1'], [[22, 22]]), rule(['0.0.0.0/0'], [[443, 443]])])).toEqual([whole('ipv4', [443, 443])]);
  });
});

describe('port helpers', () => {
  test.each([
    [[[1, 10], [20, 30], [40, 50]], 10, 40, [[10, 10], [20, 30], [40, 40]]],
    [[[1, 9], [51, 60]], 10, 50, []],
    [[[1, 65535]], 22, 22, [[22, 22]]],
  ])('clipRanges(%j, %d, %d) is %j', (ranges, from, to, expected) => {
    const of = (list: number[][]) => list.map(([a, b]) => ({ from: a, to: b }));
    expect(clipRanges(of(ranges), from, to)).toEqual(of(expected));
  });

  test.each([
    [[[1, 10]], [1, 5, 10, 11], [[2, 4], [6, 9]]],
    [[[5, 5], [7, 9]], [5, 8], [[7, 7], [9, 9]]],
    [[[1, 65535]], [443], [[1, 442], [444, 65535]]],
  ])('subtractPorts(%j, %j) is %j', (ranges, remove, expected) => {
    const of = (list: number[][]) => list.map(([a, b]) => ({ from: a, to: b }));
    expect(subtractPorts(of(ranges), remove)).toEqual(of(expected));
  });

  test('formatRanges says "every port" for exactly 1-65535 as one range', () => {
    const of = (list: number[][]) => list.map(([a, b]) => ({ from: a, to: b }));
    expect([[[1, 65535]], [[1, 65534]], [[2, 65535]], [[1, 1], [2, 65535]], [[22, 22], [80, 90]], [[1, 65535], [22, 22]]].map((r) => formatRanges(of(r)))).toEqual([
      'every port',
      '1-65534',
      '2-65535',
      '1, 2-65535',
      '22, 80-90',
      // It writes what it is given: merging is the caller's.
      '1-65535, 22',
    ]);
  });

  test('familyLabel', () => {
    expect([familyLabel('ipv4'), familyLabel('ipv6')]).toEqual(['IPv4', 'IPv6']);
  });

  test('formatShare: two significant digits, no exponent, never 100% for a part', () => {
    expect([0.5, 0.57142, 0.12345, 0.0045, 0.0001, 0.00009999, 1.9e-9, 0.994, 0.995, 0.999].map(formatShare)).toEqual([
      '50%',
      '57%',
      '12%',
      '0.45%',
      '0.01%',
      'under 0.01%',
      'under 0.01%',
      '99%',
      'over 99%',
      'over 99%',
    ]);
  });
});
