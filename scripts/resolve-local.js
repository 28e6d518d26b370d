// Lets the examples import this repository's sources by the published package name, exactly as a
// user's app does: `import { aws } from 'coiled-byoc/aws'`. Used by `npm run synth`, the docs and
// the benchmark. The examples themselves run without it: their cdk.json / cdktf.json run
// `npx tsx main.ts`, which here reads examples/tsconfig.json's `paths` (to src/) and in a copy of
// the example resolves the installed package.
const Module = require('module');
const path = require('path');

const root = path.join(__dirname, '..', 'src');
const ENTRIES = { 'coiled-byoc': 'index.ts', 'coiled-byoc/aws': 'entry/aws.ts', 'coiled-byoc/gcp': 'entry/gcp.ts' };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (ENTRIES[request]) return resolve.call(this, path.join(root, ENTRIES[request]), ...rest);
  if (request.startsWith('coiled-byoc/lib/')) return resolve.call(this, path.join(root, request.slice('coiled-byoc/lib/'.length)), ...rest);
  return resolve.call(this, request, ...rest);
};
