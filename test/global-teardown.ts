/** Runs once, after every test: removes the run's temporary directory (test/global-setup.ts). */
import * as fs from 'fs';
import { RUN_TMPDIR_VARIABLE } from './global-setup';

export default function globalTeardown(): void {
  const dir = process.env[RUN_TMPDIR_VARIABLE];
  if (dir && /coiled-byoc-test-run-/.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
}
