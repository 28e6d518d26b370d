/**
 * Each example runs when its folder is copied out of the repository: its cdk.json / cdktf.json
 * point at nothing outside the folder, and main.ts imports only what an app of that cloud
 * installs (scripts/newcomer-check.sh synthesizes every copy from the packed tarball).
 */
import * as fs from 'fs';
import * as path from 'path';
import { listExamples } from '../../scripts/lib/examples';

const ALLOWED_IMPORTS = {
  aws: ['coiled-byoc/aws', 'aws-cdk-lib', 'constructs'],
  gcp: ['coiled-byoc/gcp', 'cdktf', '@cdktf/provider-google', 'constructs'],
};

describe.each(listExamples().map((e) => [`${e.cloud}/${e.name}`, e] as const))('%s', (_name, example) => {
  const configFile = example.cloud === 'aws' ? 'cdk.json' : 'cdktf.json';
  const config = JSON.parse(fs.readFileSync(path.join(example.dir, configFile), 'utf8'));

  test(`${configFile} runs main.ts in the folder itself, with no path out of it`, () => {
    expect(config.app).toBe('npx --yes tsx main.ts');
    expect(JSON.stringify(config)).not.toMatch(/\.\.\/|scripts\//);
  });

  test("main.ts imports only the packages of its cloud's app, by package name", () => {
    const source = fs.readFileSync(path.join(example.dir, 'main.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) {
      expect(ALLOWED_IMPORTS[example.cloud].some((allowed) => spec === allowed || spec.startsWith(`${allowed}/`))).toBe(true);
    }
  });
});
