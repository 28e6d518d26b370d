/**
 * compareLikeLocale is held to the engine's own `localeCompare` (ICU's default collation), the
 * truth it replaces: exhaustively on every string of one or two printable ASCII characters, and on
 * random strings; and it must not start ICU for ASCII, which is its whole point.
 */
import * as fc from 'fast-check';
import { compareLikeLocale } from '../../src/core/collation';

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

const localeSign = (a: string, b: string) => Math.sign(a.localeCompare(b));

test('sorts every string of one or two printable ASCII characters exactly as localeCompare does', () => {
  const strings = [...PRINTABLE, ...PRINTABLE.flatMap((x) => PRINTABLE.map((y) => x + y))];
  expect(strings).toHaveLength(95 + 95 * 95);
  const ours = [...strings].sort(compareLikeLocale);
  const theirs = [...strings].sort((a, b) => a.localeCompare(b));
  expect(ours).toEqual(theirs);
});

test('every pair of single characters gives localeCompare\'s sign', () => {
  const mismatches = PRINTABLE.flatMap((a) => PRINTABLE.filter((b) => compareLikeLocale(a, b) !== localeSign(a, b)).map((b) => `${a} ${b}`));
  expect(mismatches).toEqual([]);
});

test('random printable ASCII strings, and case variants of one another, give localeCompare\'s sign', () => {
  const printable = fc.string({ unit: fc.constantFrom(...PRINTABLE), maxLength: 12 });
  fc.assert(fc.property(printable, printable, (a, b) => compareLikeLocale(a, b) === localeSign(a, b)), { numRuns: 20000 });
  const caseVariants = printable.chain((a) =>
    fc.tuple(fc.constant(a), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.string({ unit: fc.constantFrom(...PRINTABLE), maxLength: 2 })),
  ).map(([a, flips, tail]) => [a, [...a].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join('') + tail] as const);
  fc.assert(fc.property(caseVariants, ([a, b]) => compareLikeLocale(a, b) === localeSign(a, b) && compareLikeLocale(b, a) === localeSign(b, a)), { numRuns: 20000 });
});

test.each([
  ['coiled-workspace', 'Name', -1],
  ['Name', 'coiled-workspace', 1],
  ['name', 'Name', -1],
  ['Name', 'NAME', -1],
  ['Name', 'Name', 0],
  ['', 'a', -1],
  ['a', '', 1],
  ['team', 'team-a', -1],
  ['Team', 'team-a', -1],
  ['team_a', 'team-a', -1],
  ['a b', 'a_b', -1],
  ['cost:center', 'cost.center', -1],
  ['a~', 'a$', -1],
  ['z9', 'za', -1],
  ['Zeta', 'alpha', 1],
])('%j against %j is %d', (a, b, sign) => {
  expect(compareLikeLocale(a, b)).toBe(sign);
  expect(localeSign(a, b)).toBe(sign);
});

describe('whether ICU is asked', () => {
  afterEach(() => jest.restoreAllMocks());

  test('never for printable ASCII, whichever characters', () => {
    const spy = jest.spyOn(String.prototype, 'localeCompare');
    for (const a of PRINTABLE) for (const b of ['', 'm', `${a}${a}`]) compareLikeLocale(`x${a}`, b);
    expect(spy).not.toHaveBeenCalled();
  });

  test.each([
    ['é', 'f'],
    ['f', 'é'],
    ['a\tb', 'a b'],
    ['a b', 'a\u007fb'],
    ['Straße', 'Strasse'],
    ['日本', 'Name'],
  ])('for %j against %j (outside printable ASCII), with its answer', (a, b) => {
    const spy = jest.spyOn(String.prototype, 'localeCompare');
    const sign = compareLikeLocale(a, b);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(sign).toBe(localeSign(a, b));
    expect([-1, 0, 1]).toContain(sign);
  });
});
