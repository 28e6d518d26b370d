/**
 * `npm run docs`: writes the generated docs (see scripts/lib/docs.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_DOCS } from './lib/docs';
import { REPO_ROOT } from './lib/examples';

async function main(): Promise<void> {
  for (const [file, generate] of Object.entries(GENERATED_DOCS)) {
    const target = path.join(REPO_ROOT, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await generate());
    console.log(`wrote ${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
