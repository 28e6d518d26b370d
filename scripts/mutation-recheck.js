#!/usr/bin/env node
// Re-tests the survivors of a Stryker JSON report against chosen test files, one mutant at a time:
// each is written into the source, the tests run, the source is put back. A full Stryker run of a
// file whose code runs while modules load takes most of an hour on 2 cores; this takes seconds
// per mutant, so a new test can be shown to kill what it was written for before the next full run.
//
//   node scripts/mutation-recheck.js [--static] reports/mutation/core-triage.json test/core/cidr.test.ts ...
//
// --static also re-tests the static mutants a run with --ignoreStatic left out (status Ignored):
// those are the slow ones in a Stryker run, since each re-runs every selected test.
//
// A report whose file has changed since the run is skipped for that file (its locations would be
// wrong). Nothing type-checks the mutant (ts-jest only transpiles here): a kill is a test failing.
const fs = require('fs');
const { spawnSync } = require('child_process');
const { offsetsIn } = require('./lib/mutant-location');

/** The longest a test run of one mutant may take (a clean run of the slowest selection is about a minute). */
const RUN_LIMIT_SECONDS = 300;

const args = process.argv.slice(2);
const withStatic = args[0] === '--static';
const [report, ...tests] = withStatic ? args.slice(1) : args;
if (!report || tests.length === 0) {
  console.error('usage: mutation-recheck.js [--static] <stryker report.json> <test file>...');
  process.exit(2);
}
const files = JSON.parse(fs.readFileSync(report, 'utf8')).files;
let restore;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (restore) restore();
    process.exit(130);
  });
}

let killed = 0;
let total = 0;
for (const [file, result] of Object.entries(files)) {
  const original = fs.readFileSync(file, 'utf8');
  if (original !== result.source) {
    console.log(`${file}: changed since the report; skipped`);
    continue;
  }
  const offset = offsetsIn(original, 1);
  restore = () => fs.writeFileSync(file, original);
  for (const mutant of result.mutants) {
    const ignoredStatic = mutant.status === 'Ignored' && /static/i.test(mutant.statusReason || '');
    if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage' && !(withStatic && ignoredStatic)) continue;
    const start = offset(mutant.location.start);
    const end = offset(mutant.location.end);
    fs.writeFileSync(file, original.slice(0, start) + mutant.replacement + original.slice(end));
    let run;
    try {
      // A mutant can loop for ever (a regular expression that backtracks, a loop bound): like
      // Stryker, count a run past the limit as killed (timed out). GNU timeout signals jest's workers too.
      run = spawnSync('timeout', ['-k', '10', String(RUN_LIMIT_SECONDS), 'npx', 'jest', '--silent', '--ci', ...tests], { encoding: 'utf8' });
    } finally {
      restore();
    }
    total += 1;
    if (run.status !== 0) killed += 1;
    const where = `${file}:${mutant.location.start.line}:${mutant.location.start.column}`;
    const verdict = run.status === 124 || run.status === 137 ? 'timeout ' : run.status !== 0 ? 'killed  ' : 'survived';
    console.log(`${verdict} ${where} ${mutant.mutatorName} -> ${mutant.replacement.replace(/\s+/g, ' ').slice(0, 70)}`);
  }
  restore = undefined;
}
console.log(`${killed} of ${total} survivors killed`);
