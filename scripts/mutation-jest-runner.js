// Jest's own test runner, for mutation runs only (stryker/*.conf.json set it as jest's `runner`):
// it skips the test files that hold none of the tests a run asks for.
//
// Stryker runs each mutant against the tests that cover it by passing their names as jest's
// testNamePattern. Jest then still loads every test file of the selection (and every module each
// one imports) only to skip all of its tests: with 40 test files that load, not the tests, was
// most of each mutant's time. The initial run (no pattern) records which tests each file holds;
// a later run with a pattern starts only the files where a recorded name matches it, with jest's
// own rule (a case-insensitive regular expression tested against the full name). A file that
// holds no matching test would report every test skipped, so leaving it out changes no result.
// A run without a pattern (the initial run, a static mutant) starts every file, as does any run
// before the index exists or for a file the index does not know. Only a run with no mutant active
// records names: under a static mutant a name built from library code could come out changed.
//
// Under a mutant it also stops at the first test file with a failing test: the mutant is killed,
// and jest's own `bail` (which would do this) is turned off by Stryker. A surviving mutant fails
// no file, so it still runs every one. scripts/mutation-jest-environment.js does the same inside
// a file.
const fs = require('fs');
const path = require('path');
const TestRunner = require('jest-runner').default;

const INDEX_FILE = '.mutation-test-index.json';
/** Where Stryker names the mutant a run tests (@stryker-mutator/api, INSTRUMENTER_CONSTANTS). */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

class MutationTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    const indexPath = path.join(this._globalConfig.rootDir, INDEX_FILE);
    const pattern = this._globalConfig.testNamePattern;
    if (!pattern) {
      const initialRun = process.env[ACTIVE_MUTANT] === undefined;
      return initialRun ? this.#runAndRecord(tests, watcher, options, indexPath) : this.#runUntilKilled(tests, watcher, options);
    }
    const index = readIndex(indexPath);
    if (index === undefined) return this.#runUntilKilled(tests, watcher, options);
    const matcher = new RegExp(pattern, 'i');
    const wanted = tests.filter((test) => {
      const names = index[test.path];
      return names === undefined || names.some((name) => matcher.test(name));
    });
    return this.#runUntilKilled(wanted, watcher, options);
  }

  async #runUntilKilled(tests, watcher, options) {
    // Stryker runs jest in band; in parallel each call would start its own workers.
    if (!options.serial) return super.runTests(tests, watcher, options);
    let killed = false;
    const unsubscribe = this.on('test-file-success', ([, result]) => {
      killed ||= result.numFailingTests > 0 || result.testExecError !== undefined;
    });
    const unsubscribeFailure = this.on('test-file-failure', () => {
      killed = true;
    });
    try {
      for (const test of tests) {
        if (killed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      unsubscribe();
      unsubscribeFailure();
    }
  }

  async #runAndRecord(tests, watcher, options, indexPath) {
    const names = {};
    const unsubscribe = this.on('test-file-success', ([test, result]) => {
      names[test.path] = result.testResults.map((r) => r.fullName);
    });
    try {
      return await super.runTests(tests, watcher, options);
    } finally {
      unsubscribe();
      // Written whole, then renamed: the other test-runner process may read it at any time.
      const partial = `${indexPath}.${process.pid}`;
      fs.writeFileSync(partial, JSON.stringify(names));
      fs.renameSync(partial, indexPath);
    }
  }
}

function readIndex(indexPath) {
  try {
    return JSON.parse(fs.readFileSync(indexPath, 'utf8'));
  } catch {
    return undefined;
  }
}

module.exports = MutationTestRunner;
