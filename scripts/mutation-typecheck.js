#!/usr/bin/env node
// The TypeScript checker's verdict for every mutant of a Stryker JSON report, in minutes instead
// of hours, so a triage run (no checker: both cores run tests) can be scored as a checked run is.
//
//   node scripts/mutation-typecheck.js reports/mutation/focus-cidr.json [more reports...]
//
// How a mutant is judged: scripts/lib/mutant-compiler.js (TypeScript's language service, the
// same judge `npm run mutation:core` uses as Stryker's checker).
//
// Prints, per source file and in total, the score with the mutants that do not compile left out
// of both sides (Stryker's rule for a CompileError), and the survivors that do compile, which are
// the ones a test or an equivalence note must answer. Reports are read, never changed.
const fs = require('fs');
const path = require('path');
const { createMutantCompiler } = require('./lib/mutant-compiler');
const { offsetsIn } = require('./lib/mutant-location');

const ROOT = path.resolve(__dirname, '..');
const reports = process.argv.slice(2);
if (reports.length === 0 || reports.some((r) => !fs.existsSync(r))) {
  console.error('usage: mutation-typecheck.js <stryker json report>... (every report must exist)');
  process.exit(2);
}

/** One judge per tsconfig: the core's or the renderers' (stryker/tsconfig.*.json). */
const compilers = new Map();
function compilerFor(relative) {
  const tsconfig = path.join(ROOT, 'stryker', relative.startsWith('src/core/') ? 'tsconfig.core.json' : 'tsconfig.renderers.json');
  if (!compilers.has(tsconfig)) compilers.set(tsconfig, createMutantCompiler(ROOT, tsconfig));
  return compilers.get(tsconfig);
}

const scoreOf = (killed, survived) => (killed + survived === 0 ? 'none (no mutant compiles)' : `${((100 * killed) / (killed + survived)).toFixed(2)}%`);

const total = { killed: 0, survived: 0, notCompiling: 0, killedNotCompiling: 0, survivedNotCompiling: 0, left: 0 };
for (const report of reports) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  for (const [relative, entry] of Object.entries(json.files)) {
    const file = path.join(ROOT, relative);
    if (fs.readFileSync(file, 'utf8') !== entry.source) {
      console.log(`${relative}: changed since ${report}; run it again first (locations would be wrong)`);
      continue;
    }
    const compiler = compilerFor(relative);
    const offsetOf = offsetsIn(entry.source, 1);
    const started = Date.now();
    const counts = { killed: 0, survived: 0, killedNotCompiling: 0, survivedNotCompiling: 0, left: 0 };
    const survivors = [];
    for (const mutant of entry.mutants) {
      const killed = mutant.status === 'Killed' || mutant.status === 'Timeout';
      const survived = mutant.status === 'Survived' || mutant.status === 'NoCoverage';
      if (!killed && !survived) {
        counts.left++;
        continue;
      }
      const start = offsetOf(mutant.location.start);
      const end = offsetOf(mutant.location.end);
      const compiles = compiler.judge(file, start, end, mutant.replacement) === undefined;
      if (killed) counts[compiles ? 'killed' : 'killedNotCompiling']++;
      else if (compiles) {
        counts.survived++;
        survivors.push(`  ${relative}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} -> ${JSON.stringify(mutant.replacement).slice(0, 80)}`);
      } else counts.survivedNotCompiling++;
    }
    const score = scoreOf(counts.killed, counts.survived);
    console.log(
      `${relative}: ${counts.killed} killed, ${counts.survived} survived, ${counts.killedNotCompiling + counts.survivedNotCompiling} do not compile ` +
        `(${counts.killedNotCompiling} of them killed, ${counts.survivedNotCompiling} survived), ${counts.left} left out by Stryker; ` +
        `score ${score} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    for (const line of survivors) console.log(line);
    for (const key of Object.keys(counts)) total[key] += counts[key];
  }
}
total.notCompiling = total.killedNotCompiling + total.survivedNotCompiling;
console.log(
  `total: ${total.killed} killed, ${total.survived} survived, ${total.notCompiling} do not compile, ${total.left} left out by Stryker; ` +
    `score ${scoreOf(total.killed, total.survived)}`,
);
