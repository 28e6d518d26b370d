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

test("network.md shows each example's flows as the analyzer reads them from the synthesized output", () => {
  const doc = networkDoc();
  const seed = doc.slice(doc.indexOf('## aws/seed-firewall'), doc.indexOf('## gcp/'));
  expect(seed).toMatch(/\| Dask client \(10\.1\.0\.0\/16\) \| Scheduler \| TCP 8786 \|  \| `WorkspaceSecurityGroupsScheduler[0-9A-F]+ ingress #1` \|/);
  expect(seed).toMatch(/\| Dask client \(10\.32\.0\.0\/16\) \| Scheduler \| TCP 8787 \|  \| `WorkspaceSecurityGroupsScheduler[0-9A-F]+ ingress #2` \|/);
  expect(seed).toContain('| Worker VMs | Coiled control plane (HTTPS) | TCP 443 | internet gateway (public IP) |');
  expect(seed).toContain('0 violation(s), 0 warning(s), 0 note(s)');
  expect(seed).not.toMatch(/\| The internet \(IPv4\) \|/);
  expect(seed).toContain('```mermaid');
  const gcpDefault = doc.slice(doc.indexOf('## gcp/default'), doc.indexOf('## gcp/existing-network'));
  expect(gcpDefault).toContain('| The internet (IPv4) | Scheduler | TCP 443, 8786-8787 | public IP | `coiled-my-team-sched-ipv4-443-8786-8787` |');
});
