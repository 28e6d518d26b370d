/**
 * API.md opens with docs/api-intro.md (the two entry points and a minimal example per cloud; the
 * docgen task prepends it): every link lands on an anchor jsii-docgen wrote (the snippets compile
 * against the entry points: test/doc-snippets.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../scripts/lib/examples';

const INTRO = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'api-intro.md'), 'utf8');
const API = fs.readFileSync(path.join(REPO_ROOT, 'API.md'), 'utf8');

test('API.md opens with the intro, then the generated reference', () => {
  expect(API.startsWith(INTRO)).toBe(true);
  expect(API.slice(INTRO.length)).toMatch(/^# API Reference/);
});

test('the intro names both entry points', () => {
  expect(INTRO).toContain("import { aws, Ingress } from 'coiled-byoc/aws';");
  expect(INTRO).toContain("import { gcp, Ingress } from 'coiled-byoc/gcp';");
});

test("every link of the intro lands on one of the reference's anchors", () => {
  const links = [...INTRO.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThanOrEqual(6);
  for (const anchor of links) expect(API).toContain(`id="${anchor}"`);
});
