/**
 * The post-compile step that makes `aws`/`gcp` lazy (scripts/lazy-index.js), run on TypeScript's
 * real output for src/index.ts, judged by Node itself: an ES module gets every name, a CommonJS
 * app loads a cloud only when it touches it. (The packed tarball is checked the same way by
 * scripts/newcomer-check.sh.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../../scripts/lib/examples';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeLazy } = require('../../scripts/lazy-index.js') as { makeLazy: (code: string) => string };

const emitted = ts.transpileModule(fs.readFileSync(path.join(REPO_ROOT, 'src', 'index.ts'), 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
}).outputText;

/** A package whose index is the lazy output, with stand-ins for ./core, ./aws and ./gcp that log when loaded. */
function fakePackage(index: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-index-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fake', main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'index.js'), index);
  for (const name of ['core', 'aws', 'gcp']) {
    fs.mkdirSync(path.join(dir, name));
    const exported = name === 'core' ? 'exports.Ingress = { ssh() {} };' : `exports.${name === 'aws' ? 'CoiledWorkspaceStack' : 'CoiledGcpStack'} = class {};`;
    fs.writeFileSync(path.join(dir, name, 'index.js'), `(globalThis.loaded ??= []).push(${JSON.stringify(name)});\n${exported}\n`);
  }
  return dir;
}

function node(args: string[]): string {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

test('an ES module imports aws, gcp and Ingress by name', () => {
  const dir = fakePackage(makeLazy(emitted));
  const out = node(['--input-type=module', '-e', `import { aws, gcp, Ingress } from ${JSON.stringify(path.join(dir, 'index.js'))}; console.log(typeof aws.CoiledWorkspaceStack, typeof gcp.CoiledGcpStack, typeof Ingress.ssh);`]);
  expect(out).toBe('function function function');
});

test('a getter that calls a function hides the name from ES modules (the shape that broke them)', () => {
  // Proves the first test can fail: Node's lexer reads only getters that return a property.
  const broken = makeLazy(emitted).replace(/return lazy_namespaces\.(\w+);/g, 'return (() => lazy_namespaces.$1)();');
  const dir = fakePackage(broken);
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', `import { aws } from ${JSON.stringify(path.join(dir, 'index.js'))}; console.log(typeof aws);`], { encoding: 'utf8' });
  expect(result.stderr).toContain("Named export 'aws' not found");
});

test('a CommonJS app loads a cloud only when it uses it, once', () => {
  const dir = fakePackage(makeLazy(emitted));
  const out = node(['-e', `const m = require(${JSON.stringify(dir)}); const before = [...(globalThis.loaded ?? [])]; m.aws; m.aws; console.log(JSON.stringify([before, globalThis.loaded]));`]);
  expect(JSON.parse(out)).toEqual([['core'], ['core', 'aws']]);
});

test('an ES import of the root with one cloud absent gets undefined for the other, not a crash', () => {
  const dir = fakePackage(makeLazy(emitted));
  fs.rmSync(path.join(dir, 'gcp'), { recursive: true });
  const out = node(['--input-type=module', '-e', `import { aws, gcp } from ${JSON.stringify(path.join(dir, 'index.js'))}; console.log(typeof aws.CoiledWorkspaceStack, String(gcp));`]);
  expect(out).toBe('function undefined');
});

test('the transform is idempotent and refuses output of another shape', () => {
  const once = makeLazy(emitted);
  expect(makeLazy(once)).toBe(once);
  expect(once).not.toMatch(/exports\.(aws|gcp) = __importStar\(require/);
  expect(() => makeLazy(emitted.replace('exports.gcp = __importStar(require("./gcp"));', 'exports.gcp = require("./gcp");'))).toThrow(/expected "exports.gcp = __importStar/);
});
