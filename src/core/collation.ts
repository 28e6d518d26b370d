/**
 * `String.prototype.localeCompare`'s order without ICU, for printable ASCII.
 *
 * The first `localeCompare` of a process builds ICU's default collator, ~8 ms on our machines; in a
 * workspace's synth the only caller is aws-cdk-lib's tag sort. For printable ASCII the default
 * collation (CLDR root, which en-US uses unchanged) is simple enough to state exactly:
 *
 * - first, the characters' primary weights: whitespace, then punctuation and symbols in CLDR's
 *   order (punctuation is not ignorable by default), then digits, then letters, case ignored;
 *   a string that is a prefix of the other comes first;
 * - if those tie, case decides at the first difference: lower case before upper case.
 *
 * Any other character (accents, control characters, non-Latin scripts) goes to `localeCompare`
 * itself. test/core/collation.test.ts holds this to `localeCompare` exhaustively for one and two
 * characters and on random strings.
 */

/** Printable ASCII in CLDR root's primary order, letters in lower case. */
const PRIMARY_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";

const PRIMARY: Int8Array = (() => {
  const weights = new Int8Array(128);
  [...PRIMARY_ORDER].forEach((character, weight) => {
    weights[character.charCodeAt(0)] = weight;
    weights[character.toUpperCase().charCodeAt(0)] = weight;
  });
  return weights;
})();

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The sign of `a.localeCompare(b)` (-1, 0 or 1), without ICU when both are printable ASCII. */
export function compareLikeLocale(a: string, b: string): number {
  if (!PRINTABLE_ASCII.test(a) || !PRINTABLE_ASCII.test(b)) return Math.sign(a.localeCompare(b));
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const difference = PRIMARY[a.charCodeAt(i)] - PRIMARY[b.charCodeAt(i)];
    if (difference !== 0) return Math.sign(difference);
  }
  if (a.length !== b.length) return Math.sign(a.length - b.length);
  // Equal but for case: lower case (the larger code) first.
  for (let i = 0; i < shorter; i++) {
    const difference = b.charCodeAt(i) - a.charCodeAt(i);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
