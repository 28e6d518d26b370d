/**
 * `npm run docs`: writes the generated docs (see scripts/lib/docs.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_DOCS } from './lib/docs';
import { REPO_ROOT } from './lib/examples';

for (const [file, generate] of Object.entries(GENERATED_DOCS)) {
  const target = path.join(REPO_ROOT, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, generate());
  console.log(`wrote ${file}`);
}
