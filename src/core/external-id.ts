/**
 * Whether an external ID can guard the control-plane role: not a placeholder, not guessable.
 *
 * The role trusts Coiled's whole AWS account; the external ID is what stops another Coiled
 * customer from making Coiled act in this account (the confused-deputy problem). A value copied
 * from an example, a template marker or a short or patterned string gives that protection away.
 * Used at synth (the AWS control-plane role) and by the hand-off command on deployed outputs.
 */

/** AWS accepts 2-1224 characters of `[\w+=,.@:/-]` in an external ID (STS AssumeRole API). */
export const EXTERNAL_ID_ALPHABET = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * Fewest characters we accept: Coiled's own Terraform template generates 8 random bytes as 16 hex
 * characters (coiled-contract §2.7), 64 bits.
 */
export const EXTERNAL_ID_MIN_LENGTH = 16;

/** How to get a good one, for messages. */
export const EXTERNAL_ID_FIX =
  "use the external ID from Coiled's AWS role setup form, or generate one (`openssl rand -hex 16`) and enter it there, then pass it with `cdk deploy -c coiledExternalId=<external-id>` (or COILED_EXTERNAL_ID)";

/** What is wrong with a syntactically valid external ID, or undefined when it is fine. */
export function externalIdWeakness(value: string): string | undefined {
  // The tables are built per call, not when the module loads: mutation testing can then tie each
  // entry to the tests that read it (docs/mutation.md). A check costs nothing a user waits for.
  /** Phrases of placeholders, matched in the value with case and separators ignored. */
  const placeholderPhrases = [
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
  /** Whole words (between separators) that mark a placeholder ("dummy" is a phrase already). */
  const placeholderWords = new Set(['test', 'todo', 'tbd', 'foo', 'bar', 'baz', 'none', 'null', 'nil', 'undefined', 'default', 'fake', 'abc', 'xyz', 'asdf', 'qwerty', 'value', 'string']);
  /** Alphabetical and keyboard order: runs along either are guessable. */
  const orders = ['0123456789abcdefghijklmnopqrstuvwxyz', '1234567890qwertyuiopasdfghjklzxcvbnm'];

  if (/[<>{}[\]$%]/.test(value)) return 'it looks like a template placeholder, not a value';
  const squashed = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const phrase = placeholderPhrases.find((p) => squashed.includes(p));
  if (phrase) return `it is a placeholder (it contains "${phrase}"), not a secret shared with Coiled`;
  // Splitting can leave empty words at the ends; no empty word is a placeholder word or a run of x.
  const word = value.toLowerCase().split(/[^a-z0-9]+/).find((w) => placeholderWords.has(w) || /^x{3,}$/.test(w));
  if (word) return `it is a placeholder (it contains the word "${word.length > 12 ? `${word.slice(0, 12)}...` : word}"), not a secret shared with Coiled`;
  if (value.length < EXTERNAL_ID_MIN_LENGTH) {
    return `it has ${value.length} characters; at least ${EXTERNAL_ID_MIN_LENGTH} random ones are needed so it cannot be guessed (Coiled's template uses 16 hex characters)`;
  }
  const lower = value.toLowerCase();
  if (/^(.)\1*$/.test(lower)) return 'it is one character repeated';
  for (let size = 1; size <= 8; size++) {
    const unit = lower.slice(0, size);
    if (unit.repeat(lower.length).slice(0, lower.length) === lower) return `it repeats "${value.slice(0, size)}"`;
  }
  if (new Set(lower.replace(/[^a-z0-9]/g, '')).size < 5) return 'it uses fewer than 5 different letters and digits';
  for (const order of orders) {
    if (sequentialShare(lower, order) >= 0.7) return 'it is mostly a run of consecutive characters (like "0123456789abcdef" or "qwerty")';
  }
  return undefined;
}

/** Share of neighbouring characters that are the same or next to each other in `order`. */
function sequentialShare(text: string, order: string): number {
  let steps = 0;
  let near = 0;
  for (let i = 1; i < text.length; i++) {
    const a = order.indexOf(text[i - 1]);
    const b = order.indexOf(text[i]);
    steps++;
    if (a >= 0 && b >= 0 && Math.abs(a - b) <= 1) near++;
  }
  // No guard for a text without pairs: 0 / 0 is NaN, which is below any threshold.
  return near / steps;
}
