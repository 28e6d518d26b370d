#!/usr/bin/env node
// A Stryker run of one source file against only the test files named: the quick way to score a
// file whose code runs while modules load. Each static mutant re-runs every selected test; against
// the whole core selection (over 800 tests) that takes most of an hour per file on 2 cores, against
// the file's own tests minutes. Fewer tests can only kill fewer mutants, so the score is a lower
// bound of the full selection's.
//
//   node scripts/mutation-focus.js [--checked] [--ignoreStatic] [--concurrency=N] src/core/handoff.ts test/core/handoff.test.ts ...
//
// --checked starts from the checked configuration (stryker/core.conf.json: mutants that do not
// compile are left out); without it, from the triage one. A file outside src/core starts from the
// renderer configurations instead. --ignoreStatic leaves out mutants of code that runs while
// modules load (a renderer's statement tables): each of them re-runs every selected test. The
// derived configuration and the JSON report are written to reports/mutation/ as
// focus-<file>.conf.json and focus-<file>.json (not committed). --concurrency=N runs N test runners
// (default: the configuration's 2), for runs that share the machine with other work.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--') && !a.includes('=')));
const concurrencyFlag = process.argv.slice(2).find((a) => a.startsWith('--concurrency='));
const concurrency = concurrencyFlag === undefined ? undefined : Number(concurrencyFlag.slice('--concurrency='.length));
if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
  console.error(`--concurrency takes a whole number of test runners, 1 or more (got ${concurrencyFlag})`);
  process.exit(2);
}
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const checked = flags.has('--checked');
const ignoreStatic = flags.has('--ignoreStatic');
const [source, ...tests] = args;
if (!source || tests.length === 0 || !fs.existsSync(source) || tests.some((t) => !fs.existsSync(t))) {
  console.error('usage: mutation-focus.js [--checked] [--ignoreStatic] [--concurrency=N] <source file> <test file>... (every file must exist)');
  process.exit(2);
}
const family = source.startsWith('src/core/') ? 'core' : 'renderers';
const base = JSON.parse(fs.readFileSync(path.join('stryker', checked ? `${family}.conf.json` : `${family}-triage.conf.json`), 'utf8'));
const name = path.basename(source, '.ts');
const report = `reports/mutation/focus-${name}${checked ? '-checked' : ''}.json`;
const config = {
  ...base,
  $schema: undefined,
  '//': undefined,
  ignoreStatic,
  ...(concurrency === undefined ? {} : { concurrency }),
  tsconfigFile: path.resolve(base.tsconfigFile ?? 'tsconfig.json'),
  mutate: [source],
  jest: { ...base.jest, config: { ...base.jest.config, testMatch: tests.map((t) => `<rootDir>/${path.relative('.', t)}`) } },
  incremental: false,
  jsonReporter: { fileName: report },
  htmlReporter: { fileName: report.replace(/\.json$/, '.html') },
};
fs.mkdirSync('reports/mutation', { recursive: true });
const configFile = `reports/mutation/focus-${name}${checked ? '-checked' : ''}.conf.json`;
fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
const run = spawnSync('npx', ['stryker', 'run', configFile], { stdio: 'inherit' });
console.log(`report: ${report}`);
if (fs.existsSync(report)) {
  // Stryker's summary does not say how many mutants ran at load; they are the slow ones.
  const mutants = Object.values(JSON.parse(fs.readFileSync(report, 'utf8')).files).flatMap((f) => f.mutants);
  const count = (status) => mutants.filter((m) => m.status === status).length;
  console.log(`mutants: ${mutants.length}, static: ${mutants.filter((m) => m.static).length}, survived: ${count('Survived')}, no coverage: ${count('NoCoverage')}, ignored: ${count('Ignored')}`);
}
process.exit(run.status ?? 1);
