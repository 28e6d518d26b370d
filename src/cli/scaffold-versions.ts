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
  // Runs main.ts without type-checking (type-checking is `npm test`, i.e. tsc). Sucrase, not tsx:
  // it is plain JavaScript that strips types in-process, where tsx/cjs loads esbuild and hands
  // every file to esbuild's service process; a GCP init app's synth measured 530-689 ms through
  // sucrase against 904-1055 ms through tsx (floor 427-467 ms; scripts/bench.ts, docs/benchmarks.md).
  // It reads no TypeScript compiler, so it works whatever TypeScript version is installed. What it
  // does not do (const enums across files, emitted decorator metadata) a main.ts never needs.
  'sucrase': '3.35.1',
  // Node 20 is the oldest Node the CDK CLI and cdktf still run on; its types hold on newer ones.
  '@types/node': '20.19.43',
} as const;

export type ScaffoldPackage = keyof typeof SCAFFOLD_VERSIONS;
