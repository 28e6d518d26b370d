// The judge behind `npm run mutation:core`'s checker and `mutation:typecheck`: a mutant it wrongly
// passes is tested and may be scored as a survivor; one it wrongly refuses leaves the score
// without a mutant the tests should have answered. Judged here on a three-file program so each
// path (the mutated file, a source importer, a test importer outside the lean program) is shown
// to catch what it is for.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMutantCompiler } = require('../scripts/lib/mutant-compiler');

const PRICE = `export const RATE = 2;
export function price(count: number): number {
  return count * RATE;
}
`;

let root: string;
let judge: (file: string, start: number, end: number, replacement: string) => string | undefined;
let includes: (file: string) => boolean;

/** Replaces the first `from` in `file` (relative to the fixture) and asks the judge. */
function mutate(file: string, from: string, to: string): string | undefined {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const start = text.indexOf(from);
  if (start === -1) throw new Error(`${from} is not in ${file}`);
  return judge(path.join(root, file), start, start + from.length, to);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutant-compiler-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2020', module: 'commonjs', types: [] }, include: ['src/**/*.ts', 'test/**/*.ts'] }));
  write('src/price.ts', PRICE);
  write('src/total.ts', "import { price } from './price';\nexport const total: number = price(3) + 1;\n");
  write('test/price.test.ts', "import { RATE } from '../src/price';\nconst rate: 2 = RATE;\nexport { rate };\n");
  write('src/unused.ts', 'export const unused = 1;\n');
  ({ judge, includes } = createMutantCompiler(root, path.join(root, 'tsconfig.json')));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('a mutant that keeps the program well typed passes', () => {
  expect(mutate('src/price.ts', 'count * RATE', 'count / RATE')).toBeUndefined();
});

test('a mutant that breaks its own file is refused with the error', () => {
  expect(mutate('src/price.ts', 'count * RATE', '"two"')).toMatch(/price\.ts: Type 'string' is not assignable to type 'number'/);
});

test('a mutant that changes what its file declares is refused when a source importer breaks', () => {
  // total.ts assigns price(3) + 1 to a number.
  expect(mutate('src/price.ts', '): number {\n  return count * RATE;', '): string {\n  return "x";')).toMatch(/^total\.ts: /);
});

test('a mutant is refused when only a test importer, outside the lean program, breaks', () => {
  // RATE's declared type changes from 2 to 3; total.ts does not read RATE, the test does.
  expect(mutate('src/price.ts', 'RATE = 2', 'RATE = 3')).toMatch(/^price\.test\.ts: Type '3' is not assignable to type '2'/);
  // A declaration change nothing reads passes.
  expect(mutate('src/unused.ts', '= 1', "= 'one'")).toBeUndefined();
});

test('each judgement starts from the file as it is on disk', () => {
  expect(mutate('src/price.ts', 'count * RATE', '"two"')).toBeDefined();
  expect(mutate('src/price.ts', 'count * RATE', 'count + RATE')).toBeUndefined();
  expect(mutate('src/price.ts', 'RATE = 2', 'RATE = 3')).toBeDefined();
});

test('a file outside the program is refused, not judged', () => {
  expect(includes(path.join(root, 'src/price.ts'))).toBe(true);
  expect(includes(path.join(root, 'elsewhere.ts'))).toBe(false);
  expect(() => judge(path.join(root, 'elsewhere.ts'), 0, 0, '')).toThrow(/is not part of/);
});

// Stryker's report counts lines and columns from 1, the mutants it hands a checker from 0: a wrong
// base would put every mutant a line or a character away from where it belongs.
test('a location means the same text in both of Stryker\'s conventions', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { offsetsIn } = require('../scripts/lib/mutant-location');
  const text = 'const a = 1;\nreturn count * RATE;\n';
  const at = text.indexOf('count');
  expect(offsetsIn(text, 1)({ line: 2, column: 8 })).toBe(at);
  expect(offsetsIn(text, 0)({ line: 1, column: 7 })).toBe(at);
  expect(offsetsIn(text, 1)({ line: 1, column: 1 })).toBe(0);
});
