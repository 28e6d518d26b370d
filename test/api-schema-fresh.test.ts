/**
 * The committed runtime schema (src/core/api-schema.generated.ts) is exactly what the TypeScript
 * declarations of the public API give: a prop added, renamed or retyped without regenerating fails
 * here. Kept apart from test/core so mutation testing (which rewrites sources in its sandbox) never
 * runs it against instrumented files.
 */
import * as fs from 'fs';
import { SCHEMA_FILE, generateApiSchema, renderApiSchema } from '../scripts/lib/api-schema';

jest.setTimeout(60_000);

test('the committed schema is what the TypeScript declarations give (regenerate: npx ts-node --transpile-only scripts/api-schema.ts)', () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderApiSchema(generateApiSchema()));
});
