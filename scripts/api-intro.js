// Post-docgen: API.md opens with docs/api-intro.md (the two entry points and a minimal example),
// then jsii-docgen's reference. jsii-docgen can only prepend the whole package README (--readme),
// so the docgen task runs this after it; regenerating API.md keeps the intro.
//
// It also tells whether jsii-docgen wrote API.md at all. Killed (out of memory: it once globbed
// its way round a symlink cycle under .bench/), jsii-docgen left the old file and the task went on
// as if it had succeeded, so API.md went stale without a word. A fresh API.md opens with the
// reference; one that still opens with an intro was not rewritten in this run.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const intro = fs.readFileSync(path.join(root, 'docs', 'api-intro.md'), 'utf8');
const file = path.join(root, 'API.md');
const api = fs.readFileSync(file, 'utf8');
if (!api.startsWith('# API Reference')) {
  console.error('scripts/api-intro.js: API.md does not open with jsii-docgen\'s "# API Reference", so jsii-docgen did not rewrite it in this run (see its output above: killed, out of memory?). API.md is stale; fix jsii-docgen\'s run, then run `npx projen docgen` again.');
  process.exit(1);
}
fs.writeFileSync(file, intro + api);
