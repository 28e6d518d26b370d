import * as fc from 'fast-check';
import { aggregateCidrs, checkCidr, contains, formatIpv6, normalizeCidr, parseCidr, parseFourPartDecimal, parseHexGroupsIpv6 } from '../../src/core/cidr';
import { CoiledByocError, plainScope } from '../../src/core/errors';

describe('checkCidr', () => {
  test.each([
    ['10.1.0.0/16', '10.1.0.0/16', 'ipv4'],
    ['0.0.0.0/0', '0.0.0.0/0', 'ipv4'],
    ['203.0.113.7/32', '203.0.113.7/32', 'ipv4'],
    ['::/0', '::/0', 'ipv6'],
    ['2001:db8::/32', '2001:db8::/32', 'ipv6'],
    ['2001:DB8:0:0::/48', '2001:db8::/48', 'ipv6'],
  ])('accepts %s as %s', (input, canonical, family) => {
    const check = checkCidr(input);
    expect(check.ok && check.value.cidr).toBe(canonical);
    expect(check.ok && check.value.family).toBe(family);
  });

  test.each([
    ['10.1.0.0/33', /larger than \/32/],
    ['300.1.1.1/16', /not an IPv4 address/],
    ['10.1.0.0', /prefix length is missing/],
    ['', /empty/],
    ['  10.0.0.0/8', /whitespace/],
    ['2001:db8::/129', /larger than \/128/],
    ['010.1.1.1/8', /not an IPv4 address/],
    ['0x0a.1.1.1/8', /not an IPv4 or IPv6 address/],
    ['fe80::1%eth0/64', /zone/],
    ['10.0.0.0/abc', /not a whole number/],
    ['example.com/24', /not an IPv4 or IPv6 address/],
  ])('rejects %s', (input, reason) => {
    const check = checkCidr(input);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(reason);
  });

  test('rejects a non-string', () => {
    expect(checkCidr(10 as unknown).ok).toBe(false);
  });

  test('suggests a /32 for a bare IPv4 address', () => {
    const check = checkCidr('10.1.0.0');
    expect(!check.ok && check.fix).toContain('"10.1.0.0/32"');
  });
});

describe('normalizeCidr', () => {
  test('reduces a block with host bits to its network and warns naming both forms', () => {
    const warnings: string[] = [];
    const parsed = normalizeCidr(plainScope('Test', warnings), 'ingress[0].cidr', '10.1.0.2/16');
    expect(parsed.cidr).toBe('10.1.0.0/16');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"10.1.0.2/16"');
    expect(warnings[0]).toContain('"10.1.0.0/16"');
  });

  test('does not warn for a clean block', () => {
    const warnings: string[] = [];
    normalizeCidr(plainScope('Test', warnings), 'x', '10.1.0.0/16');
    expect(warnings).toEqual([]);
  });

  test('throws the library error with the input name, the value and a fix', () => {
    expect(() => normalizeCidr(plainScope('App/Stack/Ws'), 'ingress[1].cidr', '10.1.0.0/33')).toThrow(CoiledByocError);
    try {
      normalizeCidr(plainScope('App/Stack/Ws'), 'ingress[1].cidr', '10.1.0.0/33');
    } catch (e) {
      const err = e as CoiledByocError;
      expect(err.code).toBe('INVALID_CIDR');
      expect(err.constructPath).toBe('App/Stack/Ws');
      expect(err.message).toContain("at 'App/Stack/Ws'");
      expect(err.message).toContain('ingress[1].cidr = "10.1.0.0/33"');
      expect(err.message).toContain('Fix:');
    }
  });
});

describe('aggregateCidrs', () => {
  const agg = (blocks: string[]) => aggregateCidrs(blocks.map(parseCidr)).map((b) => b.cidr);

  test('merges sibling blocks into their parent, repeatedly', () => {
    expect(agg(['10.0.0.0/25', '10.0.0.128/25', '10.0.1.0/24'])).toEqual(['10.0.0.0/23']);
  });

  test('drops blocks contained in others', () => {
    expect(agg(['10.0.0.0/8', '10.1.0.0/16', '10.1.2.3/32'])).toEqual(['10.0.0.0/8']);
  });

  test('keeps non-adjacent blocks apart', () => {
    expect(agg(['10.0.1.0/24', '10.0.2.0/24'])).toEqual(['10.0.1.0/24', '10.0.2.0/24']);
    // 10.0.0.0/24 starts a /23, but its other half is 10.0.1.0/24, not the next block given.
    expect(agg(['10.0.0.0/24', '10.0.2.0/24'])).toEqual(['10.0.0.0/24', '10.0.2.0/24']);
  });

  test('reads the blocks in any order and returns them sorted', () => {
    expect(agg(['10.0.1.0/24', '10.0.0.0/24'])).toEqual(['10.0.0.0/23']);
    expect(agg(['10.0.9.0/24', '10.0.0.0/24'])).toEqual(['10.0.0.0/24', '10.0.9.0/24']);
  });

  test('1,000 consecutive /32s become a handful of blocks covering exactly them', () => {
    const blocks = Array.from({ length: 1000 }, (_, i) => `100.64.${Math.floor(i / 256)}.${i % 256}/32`);
    const result = agg(blocks);
    // 1000 = 512 + 256 + 128 + 64 + 32 + 8
    expect(result).toEqual(['100.64.0.0/23', '100.64.2.0/24', '100.64.3.0/25', '100.64.3.128/26', '100.64.3.192/27', '100.64.3.224/29']);
  });

  test('never mixes families', () => {
    expect(agg(['0.0.0.0/0', '::/0'])).toEqual(['0.0.0.0/0', '::/0']);
  });

  test('handles IPv6 siblings', () => {
    expect(agg(['2001:db8::/33', '2001:db8:8000::/33'])).toEqual(['2001:db8::/32']);
  });
});

describe('contains', () => {
  test('is exact about boundaries and families', () => {
    expect(contains(parseCidr('10.0.0.0/16'), parseCidr('10.0.255.255/32'))).toBe(true);
    expect(contains(parseCidr('10.0.0.0/16'), parseCidr('10.1.0.0/32'))).toBe(false);
    expect(contains(parseCidr('10.0.0.0/16'), parseCidr('::/0'))).toBe(false);
  });
});

describe('the prefix length is read whole, and every malformed block gets our error, never a raw one', () => {
  // A lost regex anchor would read "0x10" or "16.5" as /16 or hand Number() a fraction.
  test.each([
    ['10.0.0.0/0x10', /"0x10" is not a whole number/],
    ['10.0.0.0/16.5', /"16.5" is not a whole number/],
    ['10.0.0.0/16 ', /whitespace/],
    ['10.0.0.0/1234', /"1234" is not a whole number/],
    ['10.0.0.0/', /"" is not a whole number/],
    ['10.0.0.0/-1', /"-1" is not a whole number/],
    ['10.0.0.0/16/8', /"16\/8" is not a whole number/],
    ['2001:db8::g/64', /not an IPv4 or IPv6 address/],
    ['2001:db8:::1/64', /not an IPv4 or IPv6 address/],
    ['1:2:3:4:5:6:7:8:9/64', /not an IPv4 or IPv6 address/],
    ['::ffff:10.0.0.300/120', /not an IPv4 or IPv6 address/],
    ['10.0.0/8', /not an IPv4 address/],
  ])('%s is refused: %s', (input, reason) => {
    const check = checkCidr(input);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(reason);
    expect(() => normalizeCidr(plainScope('S'), 'cidr', input)).toThrow(CoiledByocError);
  });

  test.each([
    ['0.0.0.0/0', 0, 'ipv4'],
    ['255.255.255.255/32', 32, 'ipv4'],
    ['::/0', 0, 'ipv6'],
    ['::1/128', 128, 'ipv6'],
    ['10.0.0.0/008', 8, 'ipv4'],
  ])('%s: prefix /%i of %s is at a boundary and accepted', (input, prefix, family) => {
    const check = checkCidr(input);
    expect(check.ok && [check.value.prefixLength, check.value.family, check.value.bits]).toEqual([prefix, family, family === 'ipv4' ? 32 : 128]);
  });

  test('a bare IPv6 address is told to add /128', () => {
    const check = checkCidr('2001:db8::1');
    expect(!check.ok && check.fix).toContain('"2001:db8::1/128"');
  });

  test('a zone identifier fix drops the zone and keeps the prefix', () => {
    const check = checkCidr('fe80::1%eth0/64');
    expect(!check.ok && check.fix).toBe('drop the zone: "fe80::1/64"');
  });

  test('host bits are detected in the last bit of either family, and not on a clean block', () => {
    const host = (t: string) => { const c = checkCidr(t); return c.ok && c.hadHostBits; };
    expect([host('10.0.0.1/31'), host('10.0.0.0/31'), host('2001:db8::1/127'), host('2001:db8::/127'), host('10.0.0.1/32')]).toEqual([true, false, true, false, false]);
  });
});

describe('contains is containment, not overlap', () => {
  test.each([
    ['10.0.0.0/16', '10.0.5.0/24', true],
    ['10.0.5.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['10.0.0.0/24', '10.0.0.255/32', true],
    ['10.0.0.0/24', '10.0.1.0/32', false],
    ['0.0.0.0/0', '255.255.255.255/32', true],
    ['::/0', '0.0.0.0/0', false],
    ['0.0.0.0/0', '::/0', false],
    ['2001:db8::/32', '2001:db8:ffff::/48', true],
    ['2001:db8::/48', '2001:db8::/32', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(contains(parseCidr(outer), parseCidr(inner))).toBe(expected);
  });
});

describe('four-part decimal IPv4 is read without ipaddr.js, exactly as ipaddr.js reads it', () => {
  // The oracle: ipaddr.js itself, which reads every other form.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ipaddrOracle = require('ipaddr.js') as typeof import('ipaddr.js');
  const oracle = (address: string) => (ipaddrOracle.IPv4.isValidFourPartDecimal(address) ? ipaddrOracle.IPv4.parse(address).octets : undefined);

  test.each([
    '0.0.0.0', '255.255.255.255', '10.1.0.2', '256.0.0.0', '0.0.0.256', '1.2.3.1000', '01.2.3.4', '1.2.3.04', '00.0.0.0', '1.2.3', '1.2.3.4.5',
    '1.2.3.4 ', ' 1.2.3.4', '0x1.2.3.4', '1.2.3.-4', '1.2.3.+4', '1..3.4', '1.2.3.', '.1.2.3', '１.2.3.4', '1.2.3.٤', '4294967295', '1e2.0.0.0', '',
  ])('%j', (address) => {
    expect(parseFourPartDecimal(address)).toEqual(oracle(address));
  });

  test('random addresses, parts with and without leading zeros, over and under 255', () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`), fc.constantFrom('', '-1', 'x', '1e1', '00'));
    const address = fc.oneof(
      fc.tuple(part, part, part, part).map((parts) => parts.join('.')),
      fc.string({ unit: fc.constantFrom(...'0123456789.:x '), maxLength: 16 }),
    );
    fc.assert(fc.property(address, (a) => expect(parseFourPartDecimal(a)).toEqual(oracle(a))), { numRuns: 5000 });
  });

  const hexGroup = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)), fc.constant('0'), fc.constantFrom('0000', '00', 'FFFF', 'aBcD', '12345', 'g', ''));
  const ipv6Like = fc.oneof(
    fc.array(hexGroup, { minLength: 0, maxLength: 9 }).map((groups) => groups.join(':')),
    fc.tuple(fc.array(hexGroup, { maxLength: 8 }), fc.array(hexGroup, { maxLength: 8 })).map(([head, tail]) => `${head.join(':')}::${tail.join(':')}`),
    fc.tuple(fc.array(hexGroup, { maxLength: 3 }), fc.array(hexGroup, { maxLength: 3 }), fc.array(hexGroup, { maxLength: 3 })).map(([a, b, c]) => `${a.join(':')}::${b.join(':')}::${c.join(':')}`),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg:.% '), maxLength: 24 }),
  );

  test.each([
    '::', '::1', '1::', '2001:db8::', '2001:DB8:0:0:0:0:0:1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '1:::2', '::ffff:1.2.3.4', 'fe80::1%eth0', '12345::', 'g::', '1:2:3:4:5:6:7:8:9::', '',
  ])('IPv6 %j: read here only as ipaddr.js reads it', (address) => {
    const ours = parseHexGroupsIpv6(address);
    if (ours !== undefined) expect(ours).toEqual(ipaddrOracle.IPv6.parse(address).toByteArray());
  });

  test('random IPv6-like text: whatever is read here, ipaddr.js reads the same; hex groups with one :: are always read here', () => {
    fc.assert(
      fc.property(ipv6Like, (address) => {
        const ours = parseHexGroupsIpv6(address);
        if (ours !== undefined) {
          expect(ipaddrOracle.IPv6.isValid(address)).toBe(true);
          expect(ours).toEqual(ipaddrOracle.IPv6.parse(address).toByteArray());
        } else if (ipaddrOracle.IPv6.isValid(address)) {
          // Declined: only forms this path leaves to ipaddr.js.
          expect(address).toMatch(/[.%]/);
        }
      }),
      { numRuns: 10000 },
    );
  });

  test('IPv6 is written as ipaddr.js writes it (RFC 5952), whatever the zero runs', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const bytes = groups.flatMap((g) => [Math.floor(g / 256), g % 256]);
        expect(formatIpv6(bytes)).toBe(ipaddrOracle.fromByteArray(bytes).toString());
      }),
      { numRuns: 10000 },
    );
    for (const text of ['::', '::1', '1::', '1:0:0:1:0:0:0:1', '1:0:0:1:0:0:1:1', '1:0:1:0:1:0:1:0', '0:0:1:0:0:1:0:0', '2001:db8::ff00:42:8329']) {
      const bytes = ipaddrOracle.IPv6.parse(text).toByteArray();
      expect(formatIpv6(bytes)).toBe(ipaddrOracle.fromByteArray(bytes).toString());
    }
  });

  test('checkCidr never loads ipaddr.js for four-part decimal IPv4 or hex-group IPv6, and needs it for other forms', () => {
    jest.isolateModules(() => {
      jest.doMock('ipaddr.js', () => {
        throw new Error('ipaddr.js was loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../src/core/cidr') as typeof import('../../src/core/cidr');
      expect(isolated.checkCidr('10.1.0.2/16')).toEqual({ ok: true, hadHostBits: true, value: expect.objectContaining({ cidr: '10.1.0.0/16', family: 'ipv4' }) });
      expect(isolated.aggregateCidrs([isolated.parseCidr('10.0.0.0/25'), isolated.parseCidr('10.0.0.128/25')]).map((c) => c.cidr)).toEqual(['10.0.0.0/24']);
      expect(isolated.checkCidr('2001:DB8:0:0::1/48')).toEqual({ ok: true, hadHostBits: true, value: expect.objectContaining({ cidr: '2001:db8::/48', family: 'ipv6' }) });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect((require('../../src/core/exposure') as typeof import('../../src/core/exposure')).publicInternet().size('ipv6')).toBeGreaterThan(0n);
      expect(() => isolated.checkCidr('::ffff:1.2.3.4/128')).toThrow('ipaddr.js was loaded');
      expect(() => isolated.checkCidr('10.0.0.1')).toThrow('ipaddr.js was loaded');
    });
    jest.dontMock('ipaddr.js');
  });
});
