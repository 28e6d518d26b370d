// Jest's node environment, for mutation runs only (stryker/*.conf.json name it as jest's
// `testEnvironment`; Stryker wraps it with its own coverage mixin): once a test has failed under
// a mutant, the rest of the file's tests are skipped.
//
// A mutant is killed by its first failing test; jest has no way to stop a file there (its `bail`
// counts test files, and Stryker turns it off). Without this, every killed mutant still ran each
// covering test: read-terraform.ts's 571 mutants ran 59,748 tests. A surviving mutant fails no
// test, so it still runs every one, and a verdict can only change from one killing test to
// another. A run with no mutant active (Stryker's initial run, which measures coverage and test
// times) runs everything.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

/** Where Stryker names the mutant a run tests (@stryker-mutator/api, INSTRUMENTER_CONSTANTS). */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

class MutationTestEnvironment extends NodeEnvironment {
  #failed = false;

  async handleTestEvent(event, state) {
    await super.handleTestEvent?.(event, state);
    if (process.env[ACTIVE_MUTANT] === undefined) return;
    if (event.name === 'test_start' && this.#failed) {
      event.test.mode = 'skip';
    } else if (event.name === 'test_done' && event.test.errors.length > 0) {
      this.#failed = true;
    }
  }
}

module.exports = MutationTestEnvironment;
