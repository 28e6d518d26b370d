// Post-compile: makes the `aws` and `gcp` namespaces of lib/index.js load on first use.
//
// TypeScript emits `export * as aws from './aws'` as an eager require, so an AWS-only app would
// load cdktf and the Google provider bindings (~150 ms) and a GCP-only app aws-cdk-lib's modules,
// for nothing. aws-cdk-lib's own index uses the same lazy-getter technique. Fails the build if the
// emitted code ever changes shape, rather than silently shipping an eager index.
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'lib', 'index.js');
let code = fs.readFileSync(file, 'utf8');
const namespaces = ['aws', 'gcp'];
for (const ns of namespaces) {
  const eager = `exports.${ns} = __importStar(require("./${ns}"));`;
  if (!code.includes(eager)) {
    if (code.includes(`get: function () { return loaded_${ns}()`)) continue; // already lazy
    throw new Error(`lazy-index: expected "${eager}" in ${file}; update scripts/lazy-index.js`);
  }
  code = code.replace(
    eager,
    `var cached_${ns}; function loaded_${ns}() { return cached_${ns} || (cached_${ns} = __importStar(require("./${ns}"))); }\n` +
      `Object.defineProperty(exports, "${ns}", { enumerable: true, configurable: true, get: function () { return loaded_${ns}(); } });`,
  );
}
code = code.replace(/^exports\.gcp = exports\.aws = void 0;\n/m, '');
fs.writeFileSync(file, code);
