/**
 * Rewrites src/core/api-schema.generated.ts from the TypeScript declarations of the public API.
 *
 *   npx ts-node --transpile-only scripts/api-schema.ts
 */
import * as fs from 'fs';
import { SCHEMA_FILE, generateApiSchema, renderApiSchema } from './lib/api-schema';

fs.writeFileSync(SCHEMA_FILE, renderApiSchema(generateApiSchema()));
console.log(`wrote ${SCHEMA_FILE}`);
