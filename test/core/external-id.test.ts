/**
 * What makes an external ID unfit to guard the control-plane role (src/core/external-id.ts), check
 * by check: template characters, every placeholder phrase and word (each refused, and its near
 * misses accepted), the length, repetition, too few distinct characters, and runs along the
 * alphabet or the keyboard, each at its edge, in the order the checks speak. The construct
 * (test/aws/control-plane-role.test.ts) and the hand-off (test/core/handoff.test.ts) show where
 * the answer is used.
 */
import { EXTERNAL_ID_ALPHABET, EXTERNAL_ID_FIX, EXTERNAL_ID_MIN_LENGTH, externalIdWeakness } from '../../src/core/external-id';

/** Random halves with no phrase, word, run or repetition in them. */
const HEAD = '7f3c9a1e';
const TAIL = '5b2d8046';

const TEMPLATE = 'it looks like a template placeholder, not a value';
const phrase = (p: string) => `it is a placeholder (it contains "${p}"), not a secret shared with Coiled`;
const word = (w: string) => `it is a placeholder (it contains the word "${w}"), not a secret shared with Coiled`;
const tooShort = (n: number) => `it has ${n} characters; at least 16 random ones are needed so it cannot be guessed (Coiled's template uses 16 hex characters)`;
const RUN = 'it is mostly a run of consecutive characters (like "0123456789abcdef" or "qwerty")';

const PHRASES = [
  'changeme',
  'changethis',
  'replaceme',
  'replacethis',
  'replacewith',
  'placeholder',
  'externalid',
  'yourid',
  'example',
  'sample',
  'dummy',
  'fixme',
  'insertyour',
  'enteryour',
  'putyour',
  'fillin',
  'tobereplaced',
  'tobefilled',
  'notset',
  'redacted',
  'password',
  'secret',
];

const WORDS = ['test', 'todo', 'tbd', 'foo', 'bar', 'baz', 'none', 'null', 'nil', 'undefined', 'default', 'fake', 'abc', 'xyz', 'asdf', 'qwerty', 'value', 'string'];

describe('random values pass', () => {
  test.each([
    '7f3c9a1e5b2d8046',
    '7f3c9a1e5b2d8046c1e9f0a3b7d5c248',
    'Zq8Lr2Vx7Nc4Ws1Km9Pt',
    // Only three distinct digits: letters of either case count as themselves.
    'Tq7Mz2Rp9WkHjLnV',
    // Separators at the ends leave empty words, which are no placeholder.
    '_7f3c9a1e5b2d8046_',
    'arn:aws:iam::7f3c9a1e5b2d',
  ])('%s', (value) => {
    expect(externalIdWeakness(value)).toBeUndefined();
  });
});

describe('template characters', () => {
  test.each(['<', '>', '{', '}', '[', ']', '$', '%'])('%s marks a template placeholder', (c) => {
    expect([externalIdWeakness(`${HEAD}${c}${TAIL}`), externalIdWeakness(c)]).toEqual([TEMPLATE, TEMPLATE]);
  });

  test.each(['(', ')', '#', '^', '|', '!'])('%s does not (the alphabet check refuses it, not this one)', (c) => {
    expect(externalIdWeakness(`${HEAD}${c}${TAIL}`)).toBeUndefined();
  });
});

describe('placeholder phrases, case and separators ignored', () => {
  test.each(PHRASES)('%s is refused, alone, inside a value, and split by separators in any case', (p) => {
    const spread = `${p[0].toUpperCase()}.${p.slice(1, 3)}_${p.slice(3).toUpperCase()}`;
    expect([externalIdWeakness(p), externalIdWeakness(`${HEAD}-${p}-${TAIL}`), externalIdWeakness(`${HEAD}${spread}${TAIL}`)]).toEqual([phrase(p), phrase(p), phrase(p)]);
  });

  test.each(PHRASES)('near misses of %s pass: its last letter gone, a digit inside it', (p) => {
    expect([externalIdWeakness(`${HEAD}-${p.slice(0, -1)}-${TAIL}`), externalIdWeakness(`${HEAD}-${p.slice(0, 3)}1${p.slice(3)}-${TAIL}`)]).toEqual([undefined, undefined]);
  });
});

describe('placeholder words, whole words only', () => {
  test.each(WORDS)('%s is refused between separators, in any case, at either end', (w) => {
    expect([externalIdWeakness(`${HEAD}-${w}-${TAIL}`), externalIdWeakness(`${HEAD}.${w.toUpperCase()}_${TAIL}`), externalIdWeakness(`${w}:${HEAD}${TAIL}`), externalIdWeakness(`${HEAD}${TAIL}/${w}`), externalIdWeakness(w)]).toEqual([
      word(w),
      word(w),
      word(w),
      word(w),
      word(w),
    ]);
  });

  test.each(WORDS)('%s inside a longer word passes (followed by a letter, by a digit, or run into the value)', (w) => {
    expect([externalIdWeakness(`${HEAD}-${w}s-${TAIL}`), externalIdWeakness(`${HEAD}-${w}2-${TAIL}`), externalIdWeakness(`${HEAD}${w}${TAIL}`)]).toEqual([undefined, undefined, undefined]);
  });

  test.each([
    ['xx', undefined],
    ['xxy', undefined],
    ['xxxy', undefined],
    ['yxxx', undefined],
    ['xxx', word('xxx')],
    ['XXXX', word('xxxx')],
    ['xxxxxxxxxxxx', word('xxxxxxxxxxxx')],
    ['xxxxxxxxxxxxx', word('xxxxxxxxxxxx...')],
    ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', word('xxxxxxxxxxxx...')],
  ])('a run of x: %s (shown cut to 12 letters)', (x, expected) => {
    expect(externalIdWeakness(`${HEAD}-${x}-${TAIL}`)).toBe(expected);
  });
});

describe('length', () => {
  test.each([
    ['7f3c9a1e5b2d804', tooShort(15)],
    ['7f3c9a1e5b2d8046', undefined],
    ['Zq', tooShort(2)],
    ['', tooShort(0)],
  ])('%j: %s', (value, expected) => {
    expect(externalIdWeakness(value)).toBe(expected);
  });

  test('the minimum is 16 characters, as Coiled\'s template generates', () => {
    expect(EXTERNAL_ID_MIN_LENGTH).toBe(16);
  });
});

describe('repetition', () => {
  test.each([
    ['AAAAaaaaAAAAaaaa', 'it is one character repeated'],
    ['----------------', 'it is one character repeated'],
    ['k7K7k7K7k7K7k7K7', 'it repeats "k7"'],
    ['AbCabcABCabcAbCa', 'it repeats "AbC"'],
    // A period of 8 that does not divide the length.
    ['k7qm2rp9K7QM2RP9k7', 'it repeats "k7qm2rp9"'],
    // A period of 9 is not looked for.
    ['k7qm2rp9wk7qm2rp9w', undefined],
  ])('%s: %s', (value, expected) => {
    expect(externalIdWeakness(value)).toBe(expected);
  });
});

describe('distinct letters and digits (separators do not count)', () => {
  test.each([
    ['7f3c77f3cc7ff3c7', 'it uses fewer than 5 different letters and digits'],
    ['7f3c-77f3-cc7f-f3c7', 'it uses fewer than 5 different letters and digits'],
    ['7F3C77f3cc7Ff3C7', 'it uses fewer than 5 different letters and digits'],
    ['7f3c97f93c7ff3c9', undefined],
  ])('%s: %s', (value, expected) => {
    expect(externalIdWeakness(value)).toBe(expected);
  });
});

describe('runs along the alphabet or the keyboard', () => {
  test.each([
    ['0123456789abcdef', RUN],
    ['FEDCBA9876543210', RUN],
    ['qwertyuiopasdfgh', RUN],
    ['01234-56789-abcdef', RUN],
    // 14 of 20 neighbouring pairs along the alphabet (0.7 exactly), among them "01" and "10".
    ['0101xabcdefghijkl7r3k', RUN],
    // 13 of 20.
    ['0101xabcdefghijk97r3k', undefined],
    // 13 of 20: a separator next to a 0 is no step along the alphabet.
    ['0-0xabcdefghijklmn7r3', undefined],
  ])('%s: %s', (value, expected) => {
    expect(externalIdWeakness(value)).toBe(expected);
  });
});

test.each([
  ['<changeme>', TEMPLATE],
  ['todo-changeme', phrase('changeme')],
  ['dummy', phrase('dummy')],
  ['todo', word('todo')],
  ['abababab', tooShort(8)],
  ['aaaaaaaaaaaaaaaa', 'it is one character repeated'],
  ['abcdabcdabcdabcd', 'it repeats "abcd"'],
  ['0101010101010102', 'it uses fewer than 5 different letters and digits'],
])('the first check that fails speaks: %s', (value, expected) => {
  expect(externalIdWeakness(value)).toBe(expected);
});

describe('the alphabet AWS accepts (2-1224 characters of [\\w+=,.@:/-])', () => {
  test.each([
    ['ab', true],
    ['a', false],
    ['a'.repeat(1224), true],
    ['a'.repeat(1225), false],
    ['aZ09_+=,.@:/-', true],
    ['ab cd', false],
    [' ab', false],
    ['ab ', false],
    ['ab\n', false],
    ['<external-id>', false],
  ])('%j: %s', (value, accepted) => {
    expect(EXTERNAL_ID_ALPHABET.test(value)).toBe(accepted);
  });
});

test('the fix names both ways to get a good one and both ways to pass it', () => {
  expect(EXTERNAL_ID_FIX).toBe(
    "use the external ID from Coiled's AWS role setup form, or generate one (`openssl rand -hex 16`) and enter it there, then pass it with `cdk deploy -c coiledExternalId=<external-id>` (or COILED_EXTERNAL_ID)",
  );
});
