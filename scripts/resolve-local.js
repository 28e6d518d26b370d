// Lets the examples import this repository's sources by the published package name, exactly as a
// user's app does: `import { aws } from 'coiled-byoc'`. Used by `npm run synth`, the examples'
// cdk.json / cdktf.json, and the benchmark. A user's copy of an example does not need it.
const Module = require('module');
const path = require('path');

const root = path.join(__dirname, '..', 'src');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'coiled-byoc') return resolve.call(this, path.join(root, 'index.ts'), ...rest);
  if (request.startsWith('coiled-byoc/lib/')) return resolve.call(this, path.join(root, request.slice('coiled-byoc/lib/'.length)), ...rest);
  return resolve.call(this, request, ...rest);
};
