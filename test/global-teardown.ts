/** Runs once, after every test: removes the run's temporary directory and restores TMPDIR (test/global-setup.ts). */
import * as fs from 'fs';
import { PREVIOUS_TMPDIR_VARIABLE, RUN_TMPDIR_VARIABLE } from './global-setup';

export default function globalTeardown(): void {
  const dir = process.env[RUN_TMPDIR_VARIABLE];
  if (dir && /coiled-byoc-test-run-/.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
  const previous = process.env[PREVIOUS_TMPDIR_VARIABLE];
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  delete process.env[RUN_TMPDIR_VARIABLE];
  delete process.env[PREVIOUS_TMPDIR_VARIABLE];
}
