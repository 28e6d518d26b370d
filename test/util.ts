import { CoiledByocError } from '../src/core/errors';

/** Runs `fn`, returns the library error it throws (fails the test for any other outcome). */
export function libraryError(fn: () => unknown): CoiledByocError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoiledByocError) return e;
    throw new Error(`expected a CoiledByocError, got: ${(e as Error).stack}`);
  }
  throw new Error('expected a CoiledByocError, nothing was thrown');
}
