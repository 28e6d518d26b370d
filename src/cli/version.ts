import * as fs from 'fs';
import * as path from 'path';

/** This package's version, from its package.json (lib/cli/ and src/cli/ are both two levels down). */
export function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
