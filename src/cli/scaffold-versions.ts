/**
 * The versions `coiled-byoc init` pins in a new app, in one place. They work together, and where
 * this repository uses the same package they are the ones it develops and tests against
 * (test/cli/init.test.ts holds them to package.json; scripts/newcomer-check.sh installs them).
 */
export const SCAFFOLD_VERSIONS = {
  'aws-cdk-lib': '2.276.0',
  'constructs': '10.5.1',
  // The CDK CLI. Its releases are numbered apart from aws-cdk-lib's: 2.1xxx reads the cloud
  // assemblies aws-cdk-lib 2.2xx writes; the `aws-cdk@3.0.0` that `npm i aws-cdk` may pick cannot
  // ("Maximum schema version supported is 43.x.x").
  'aws-cdk': '2.1148.1',
  // CDKTF is archived upstream: 0.21 with provider-google 16 is the last pair that exists.
  'cdktf': '0.21.0',
  '@cdktf/provider-google': '16.12.1',
  // The app's type check (`npm test`). 5.x: TypeScript 7 has no JavaScript API for tools that
  // load the compiler (ts-node crashes on it).
  'typescript': '5.9.3',
  // Runs main.ts without type-checking, through esbuild: `node --require tsx/cjs main.ts` starts
  // in ~0.1 s (ts-node --transpile-only ~0.2 s plus npx ~0.3 s) and reads no TypeScript compiler,
  // so it works whatever TypeScript version is installed.
  'tsx': '4.23.15',
  // Node 20 is the oldest Node the CDK CLI and cdktf still run on; its types hold on newer ones.
  '@types/node': '20.19.43',
} as const;

export type ScaffoldPackage = keyof typeof SCAFFOLD_VERSIONS;
