/**
 * The TypeScript in the documentation compiles against the library: every snippet of the README
 * (with a small fixture for the ones that continue a stack) and of docs/api-intro.md (the opening
 * of API.md, against the entry points). One TypeScript program reads them all: building a program
 * over aws-cdk-lib's, cdktf's and the Google bindings' declarations is most of the cost, so one
 * program per document paid it twice.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../scripts/lib/examples';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const INTRO = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'api-intro.md'), 'utf8');

const FIXTURE = (body: string) => `
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { aws, gcp, Ingress } from 'coiled-byoc';
declare const externalId: string;
declare const workspace: aws.CoiledWorkspace;
declare const gcpWorkspace: gcp.CoiledGcpWorkspace;
declare const database: ec2.Connections & ec2.IConnectable;
export class Snippet extends Stack {
  constructor(scope: Construct) {
    super(scope, 'Snippet');
${body}
  }
}
void ec2; void s3; void aws; void gcp; void Ingress;
`;

function snippets(): Array<{ name: string; source: string }> {
  const found: Array<{ name: string; source: string }> = [];
  const re = /```ts( nofixture)?\n([\s\S]*?)```/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(README))) {
    const line = README.slice(0, match.index).split('\n').length;
    found.push({ name: `README.md:${line}`, source: match[1] ? match[2] : FIXTURE(match[2]) });
  }
  return found;
}

function introSnippets(): Array<{ name: string; source: string }> {
  return [...INTRO.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({ name: `docs/api-intro.md:${INTRO.slice(0, m.index).split('\n').length}`, source: m[1] }));
}

// The README's fixture declares names a snippet may not use; the intro's snippets stand alone and
// are held to every option of tsconfig.check.json, unused locals included.
const UNUSED_DECLARATION = new Set([6133, 6192, 6196, 6198]);

interface SnippetFile {
  readonly name: string;
  readonly source: string;
  readonly unusedAllowed: boolean;
}

/** Type errors per snippet file, one program for all. */
function compile(files: Map<string, SnippetFile>): string[] {
  const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.check.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  const host = ts.createCompilerHost({ ...parsed.options, noEmit: true });
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f)?.source ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || exists(f);
  const program = ts.createProgram([...files.keys()], { ...parsed.options, noEmit: true }, host);
  return [...files.entries()].flatMap(([f, snippet]) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(f))
      .filter((d) => !(snippet.unusedAllowed && UNUSED_DECLARATION.has(d.code)))
      .map((d) => `${snippet.name}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
  );
}

test('every TypeScript snippet of the README and of the API intro compiles', () => {
  const readme = snippets();
  const intro = introSnippets();
  expect(readme.length).toBeGreaterThanOrEqual(8);
  expect(intro).toHaveLength(2);
  const files = new Map<string, SnippetFile>([
    ...readme.map((s, i): [string, SnippetFile] => [path.join(REPO_ROOT, 'test', `__readme_snippet_${i}.ts`), { ...s, unusedAllowed: true }]),
    ...intro.map((s, i): [string, SnippetFile] => [path.join(REPO_ROOT, 'test', `__api_intro_${i}.ts`), { ...s, unusedAllowed: false }]),
  ]);
  expect(compile(files)).toEqual([]);
});
