#!/usr/bin/env node
// Runs one command (its arguments as given, no shell) and exits as it did, except that a command
// killed by a signal exits 128 + the signal's number instead of looking successful.
//
// Why: projen's task runner counts a step killed by a signal as a success. jsii-docgen, out of
// memory (SIGABRT), left API.md unwritten while `npx projen docgen` exited 0; tsc, jest, jsii or
// eslint dying the same way would pass `npm test` and the build alike. .projenrc.ts puts this in
// front of every step of the test and build tasks; test/no-silent-signal.test.ts holds it to both
// exits.
const { spawnSync } = require('child_process');
const os = require('os');

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: node scripts/no-silent-signal.js <command> [args...]');
  process.exit(2);
}
const run = spawnSync(command, args, { stdio: 'inherit' });
if (run.error) {
  console.error(`${command}: ${run.error.message}`);
  process.exit(127);
}
if (run.signal) {
  console.error(`${command} was killed by ${run.signal} (out of memory?): failing the step, which would otherwise pass`);
  process.exit(128 + (os.constants.signals[run.signal] ?? 0));
}
process.exit(run.status ?? 1);
