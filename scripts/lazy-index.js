// Post-compile: makes the `aws` and `gcp` namespaces of lib/index.js load on first use, and keeps
// their names visible to ES modules.
//
// TypeScript emits `export * as aws from './aws'` as an eager require, so an AWS-only app would
// load cdktf and the Google provider bindings (~150 ms) and a GCP-only app aws-cdk-lib's modules,
// for nothing (or fail, when the other cloud is not installed). aws-cdk-lib's own index uses the
// same lazy-getter technique.
//
// Node gives an ES module (`import { aws } from 'coiled-byoc'`) the names its CommonJS lexer
// (cjs-module-lexer) finds in the source, and the lexer accepts a getter only in TypeScript's own
// re-export shape: `Object.defineProperty(exports, "aws", { enumerable: true, get: function () {
// return x.aws; } })` (a call in the getter, or `configurable`, hides the name, and so does any
// later `module.exports = ...`). So each getter returns a property of one object whose own getters
// do the loading. Node reads each name once when an ES module imports the package: an ES import of
// the root loads both clouds that are installed (an absent one reads as undefined);
// `coiled-byoc/aws` and `coiled-byoc/gcp` load one.
//
// Fails the build if the emitted code ever changes shape, rather than silently shipping an eager
// index or one without the names.
const fs = require('fs');
const path = require('path');

const NAMESPACES = ['aws', 'gcp'];
const HOLDER = 'lazy_namespaces';

/** The lazy form of TypeScript's CommonJS output for src/index.ts (idempotent). */
function makeLazy(code) {
  if (code.includes(`var ${HOLDER} = `)) return code; // already done
  const getters = [];
  for (const ns of NAMESPACES) {
    const eager = `exports.${ns} = __importStar(require("./${ns}"));`;
    if (!code.includes(eager)) {
      throw new Error(`lazy-index: expected "${eager}" in lib/index.js; update scripts/lazy-index.js`);
    }
    getters.push(`get ${ns}() { return cached_${ns} || (cached_${ns} = __importStar(require("./${ns}"))); }`);
    code = code.replace(eager, `Object.defineProperty(exports, "${ns}", { enumerable: true, get: function () { return ${HOLDER}.${ns}; } });`);
  }
  const first = code.indexOf(`Object.defineProperty(exports, "${NAMESPACES[0]}"`);
  const holder =
    `var ${NAMESPACES.map((ns) => `cached_${ns}`).join(', ')};\n` +
    `var ${HOLDER} = {\n${getters.map((g) => `    ${g}`).join(',\n')}\n};\n`;
  return code.slice(0, first) + holder + code.slice(first);
}

module.exports = { makeLazy, NAMESPACES };

if (require.main === module) {
  const file = path.join(__dirname, '..', 'lib', 'index.js');
  fs.writeFileSync(file, makeLazy(fs.readFileSync(file, 'utf8')));
}
