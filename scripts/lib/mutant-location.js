// Where a mutant's location falls in its file's text. Stryker gives two conventions: its report
// (JSON reporter, what typecheck and recheck read) counts lines and columns from 1, the mutants it
// hands a checker count both from 0.

/** `base` 1 for report locations, 0 for the mutants a checker receives. */
function offsetsIn(text, base) {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return ({ line, column }) => lineStarts[line - base] + column - base;
}

module.exports = { offsetsIn };
