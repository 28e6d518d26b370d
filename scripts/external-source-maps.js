// Post-compile: moves jsii's inline source maps out of lib/*.js into lib/*.js.map files.
//
// jsii compiles with inline source maps (and inline sources): a base64 comment as large as the
// module itself, which Node reads and scans on every `require` although it uses the map only with
// --enable-source-maps. As files next to the modules the maps still serve debuggers and
// --enable-source-maps (the comment names the file), and loading the library reads half the bytes.
// Idempotent; fails the build if a module has an inline map it cannot decode.
const fs = require('fs');
const path = require('path');

const INLINE = /\n\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

function externalize(file) {
  const code = fs.readFileSync(file, 'utf8');
  const match = INLINE.exec(code);
  if (!match) return false;
  const map = Buffer.from(match[1], 'base64').toString('utf8');
  JSON.parse(map); // a map that is not JSON is a broken build, not something to ship
  const mapFile = `${file}.map`;
  fs.writeFileSync(mapFile, map);
  fs.writeFileSync(file, `${code.slice(0, match.index)}\n//# sourceMappingURL=${path.basename(mapFile)}\n`);
  return true;
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

// `node scripts/external-source-maps.js [dir]`: lib/ of this checkout unless told otherwise.
const lib = process.argv[2] ?? path.join(__dirname, '..', 'lib');
const moved = walk(lib).filter(externalize).length;
if (process.env.VERBOSE) console.log(`external-source-maps: ${moved} module(s) in ${lib}`);
