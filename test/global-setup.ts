/**
 * Runs once, before jest starts its workers. Tests make temporary directories with
 * `mkdtemp(os.tmpdir())` (each synthesized example's assembly, the init apps, CLI fixtures: ~330
 * a run) and few remove theirs, so every run left them all in /tmp. Pointing TMPDIR at one fresh
 * directory for the run puts them there: the workers, and the processes tests start, inherit the
 * variable, and test/global-teardown.ts removes the directory and gives TMPDIR back. (Stryker runs
 * jest again and again in one process: each run must find TMPDIR as it was.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const RUN_TMPDIR_VARIABLE = 'COILED_BYOC_TEST_TMPDIR';
/** TMPDIR before the run; absent when TMPDIR was not set (an empty TMPDIR is a value). */
export const PREVIOUS_TMPDIR_VARIABLE = 'COILED_BYOC_TEST_PREVIOUS_TMPDIR';

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coiled-byoc-test-run-'));
  if (process.env.TMPDIR === undefined) delete process.env[PREVIOUS_TMPDIR_VARIABLE];
  else process.env[PREVIOUS_TMPDIR_VARIABLE] = process.env.TMPDIR;
  process.env[RUN_TMPDIR_VARIABLE] = dir;
  process.env.TMPDIR = dir;
}
