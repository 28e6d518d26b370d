// Post-docgen: API.md opens with docs/api-intro.md (the two entry points and a minimal example),
// then jsii-docgen's reference. jsii-docgen can only prepend the whole package README (--readme),
// so the docgen task runs this after it; regenerating API.md keeps the intro.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const intro = fs.readFileSync(path.join(root, 'docs', 'api-intro.md'), 'utf8');
const file = path.join(root, 'API.md');
const api = fs.readFileSync(file, 'utf8');
if (!api.startsWith(intro)) fs.writeFileSync(file, intro + api);
