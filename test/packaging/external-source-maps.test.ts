/**
 * The post-compile step that moves jsii's inline source maps into files (scripts/external-source-maps.js),
 * run on TypeScript's real output with jsii's settings (inline map, inline sources), judged by Node:
 * the module behaves the same, loads fewer bytes, and `--enable-source-maps` still points a stack
 * trace at the TypeScript line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../../scripts/lib/examples';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'external-source-maps.js');
const SOURCE = ['export function double(n: number): number {', '  if (n < 0) {', "    throw new Error('negative');", '  }', '  return n * 2;', '}', ''].join('\n');

function compiled(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'source-maps-'));
  fs.mkdirSync(path.join(dir, 'nested'));
  const out = ts.transpileModule(SOURCE, {
    fileName: 'double.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true },
  }).outputText;
  const file = path.join(dir, 'nested', 'double.js');
  fs.writeFileSync(file, out);
  return { dir, file };
}

const run = (dir: string) => spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });

test('the inline map becomes a file beside the module, named by the comment; the module is smaller and works the same', () => {
  const { dir, file } = compiled();
  const before = fs.readFileSync(file, 'utf8');
  expect(before).toMatch(/sourceMappingURL=data:application\/json;base64,/);
  expect(run(dir).status).toBe(0);
  const after = fs.readFileSync(file, 'utf8');
  expect(after).not.toMatch(/base64/);
  expect(after.trimEnd().endsWith('//# sourceMappingURL=double.js.map')).toBe(true);
  expect(after.length).toBeLessThan(before.length / 2);
  const map = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'));
  expect(map.sourcesContent).toEqual([SOURCE]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(require(file).double(21)).toBe(42);
});

test('Node maps a stack trace to the TypeScript line through the file, with --enable-source-maps', () => {
  const { dir, file } = compiled();
  expect(run(dir).status).toBe(0);
  const result = spawnSync(process.execPath, ['--enable-source-maps', '-e', `require(${JSON.stringify(file)}).double(-1)`], { encoding: 'utf8' });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/double\.ts:3:/); // the throw is on line 3 of the TypeScript
});

test('running it twice changes nothing (the build may run post-compile again)', () => {
  const { dir, file } = compiled();
  run(dir);
  const once = fs.readFileSync(file, 'utf8');
  const map = fs.readFileSync(`${file}.map`, 'utf8');
  expect(run(dir).status).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toBe(once);
  expect(fs.readFileSync(`${file}.map`, 'utf8')).toBe(map);
});

test('a module whose inline map is not JSON fails the build', () => {
  const { dir, file } = compiled();
  fs.writeFileSync(file, `exports.x = 1;\n//# sourceMappingURL=data:application/json;base64,${Buffer.from('not json').toString('base64')}\n`);
  const result = run(dir);
  expect(result.status).not.toBe(0);
  expect(fs.existsSync(`${file}.map`)).toBe(false);
});
