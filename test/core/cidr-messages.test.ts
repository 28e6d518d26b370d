// Every refusal of checkCidr, word for word: the problem and the fix are what a user reads at
// synth, so a check that took the wrong branch (a trimmed block read as empty, a prefix-less
// block read as a bad address) shows up here as the wrong sentence. Mutation testing (issue 16)
// found these branches told apart only by regular expressions over the problem.
import { checkCidr, compareCidrs, normalizeCidr, parseCidr } from '../../src/core/cidr';
import { plainScope } from '../../src/core/errors';

describe('checkCidr says exactly what is wrong and how to fix it', () => {
  test.each([
    [42, 'a CIDR block must be a string', 'write the block as text, e.g. "10.0.0.0/16"'],
    ['', 'the CIDR block is empty', 'give a block such as "203.0.113.0/24", or "0.0.0.0/0" for anywhere'],
    // Only whitespace is empty too, not "surrounding whitespace" around nothing.
    ['   ', 'the CIDR block is empty', 'give a block such as "203.0.113.0/24", or "0.0.0.0/0" for anywhere'],
    [' 10.0.0.0/8 ', 'the CIDR block has surrounding whitespace', 'write "10.0.0.0/8"'],
    ['10.0.0.0/8\n', 'the CIDR block has surrounding whitespace', 'write "10.0.0.0/8"'],
    ['10.1.0.0', 'the prefix length is missing', 'add a prefix length, e.g. "10.1.0.0/32" for this one address'],
    ['2001:db8::1', 'the prefix length is missing', 'add a prefix length, e.g. "2001:db8::1/128" for this one address'],
    ['office', 'the prefix length is missing', 'write address/prefix, e.g. "10.0.0.0/16"'],
    // A slash in the first position still has a prefix: what is missing is the address.
    ['/8', '"" is not an IPv4 or IPv6 address', 'check each part of the address, e.g. "10.1.0.0/16" or "2001:db8::/32"'],
    ['10.0.0.0/x', 'the prefix length "x" is not a whole number', 'write a prefix length such as /16 or /32'],
    ['10.0.0.256/8', '"10.0.0.256" is not an IPv4 address (four decimal numbers 0-255 separated by dots)', 'check each part of the address, e.g. "10.1.0.0/16" or "2001:db8::/32"'],
    ['10.0.0.0/33', 'the prefix length /33 is larger than /32, the maximum for IPv4', 'use a prefix length from 0 to 32'],
    ['2001:db8::/129', 'the prefix length /129 is larger than /128, the maximum for IPv6', 'use a prefix length from 0 to 128'],
  ])('%j', (input, problem, fix) => {
    expect(checkCidr(input)).toEqual({ ok: false, problem, fix });
  });

  test('the largest prefix of each family is accepted, one more is not', () => {
    expect(checkCidr('10.0.0.1/32').ok).toBe(true);
    expect(checkCidr('2001:db8::1/128').ok).toBe(true);
    expect(checkCidr('10.0.0.1/33').ok).toBe(false);
    expect(checkCidr('2001:db8::1/129').ok).toBe(false);
  });
});

describe('normalizeCidr and parseCidr', () => {
  test('the host-bits warning has its stable id', () => {
    const warnings: string[] = [];
    normalizeCidr(plainScope('Test', warnings), 'ingress[0].cidr', '10.1.0.2/16');
    expect(warnings).toEqual([
      'coiled-byoc:cidrHostBits: ingress[0].cidr "10.1.0.2/16" has host bits set; it is used as its network block "10.1.0.0/16". Write "10.1.0.0/16" to silence this warning.',
    ]);
  });

  test('parseCidr refuses an invalid block, naming it and the problem', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow('not a valid CIDR: 10.0.0.0/33: the prefix length /33 is larger than /32, the maximum for IPv4');
  });
});

describe('compareCidrs', () => {
  test.each([
    ['10.0.0.0/8', '10.0.0.1/32', -1],
    ['10.0.0.1/32', '10.0.0.0/8', 1],
    ['10.0.0.0/8', '::/0', -1],
    ['::/0', '10.0.0.0/8', 1],
    ['10.0.0.0/8', '10.0.0.0/16', -8],
    ['10.0.0.0/16', '10.0.0.0/16', 0],
  ])('%s against %s: sign %i', (a, b, expected) => {
    expect(Math.sign(compareCidrs(parseCidr(a), parseCidr(b)))).toBe(Math.sign(expected));
  });
});
