/**
 * Loading the GCP constructs loads only the provider bindings they use (deep imports), never the
 * provider's barrel (~2 s and ~450 MB per process).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

test('src/gcp loads no @cdktf/provider-google barrel and fewer than 30 of its modules', () => {
  const script = `require('ts-node').register({ transpileOnly: true });
require(${JSON.stringify(path.join(__dirname, '../../src/gcp/index.ts'))});
console.log(JSON.stringify(Object.keys(require.cache).filter((m) => m.includes('@cdktf/provider-google'))));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  const loaded: string[] = JSON.parse(run.stdout);
  expect(loaded.filter((m) => /provider-google\/lib\/index\.js$/.test(m))).toEqual([]);
  expect(loaded.length).toBeGreaterThan(5);
  expect(loaded.length).toBeLessThan(30);
});
