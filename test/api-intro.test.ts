/**
 * API.md opens with docs/api-intro.md (the two entry points and a minimal example per cloud; the
 * docgen task prepends it): the snippets compile against the entry points, and every link lands
 * on an anchor jsii-docgen wrote.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
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

test("the intro's examples compile", () => {
  const snippets = [...INTRO.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(snippets.length).toBe(2);
  const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.check.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  const files = new Map(snippets.map((s, i) => [path.join(REPO_ROOT, 'test', `__api_intro_${i}.ts`), s]));
  const host = ts.createCompilerHost({ ...parsed.options, noEmit: true });
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || exists(f);
  const program = ts.createProgram([...files.keys()], { ...parsed.options, noEmit: true }, host);
  const errors = [...files.keys()].flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  expect(errors).toEqual([]);
});
