/**
 * The generated docs are committed and current: regenerate with `npm run docs` when a change
 * alters what the code generates (and review the diff like code).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_DOCS, networkDoc } from '../scripts/lib/docs';
import { REPO_ROOT } from '../scripts/lib/examples';

test.each(Object.keys(GENERATED_DOCS))('%s is what the code generates', async (file) => {
  const committed = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  expect(await GENERATED_DOCS[file]()).toBe(committed);
});

test("network.md fills the seed's tables with each example's real ports and CIDRs", () => {
  const doc = networkDoc();
  const seed = doc.slice(doc.indexOf('## aws/seed-firewall'), doc.indexOf('## gcp/'));
  expect(seed).toContain('| Dask client (10.1.0.0/16) | Scheduler | TCP (8786) |');
  expect(seed).toContain('| Dask client (10.32.0.0/16) | Scheduler | TCP (8787) |');
  expect(seed).toContain('| Browser (10.32.0.0/16) | Scheduler dashboard | HTTP (8787) |');
  expect(seed).toContain('| Workers | Scheduler | TCP (8786) |');
  expect(seed).toContain('```mermaid');
});
