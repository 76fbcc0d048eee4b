// Build step (after tsc): makes the workspace libraries resolvable from the compiled code. tsc
// emits lib/<name>/ to dist/lib/<name>/ beside dist/src/, but `require('@marina/<name>')` from
// there would find node_modules/@marina/<name>, the workspace link to the TypeScript sources. So
// dist/ gets its own dist/node_modules/@marina/<name> -> ../../lib/<name> (relative, so a copied
// or deployed dist/ keeps working); Node looks in dist/node_modules before the project's
// node_modules for every file under dist/. One link per lib/*/package.json.
//
// Usage: node scripts/dist-links.js [DIST]
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const root = join(__dirname, '..');

/** The workspace libraries: [package name, folder name] for each lib/<folder>/package.json. */
function libraries() {
  const libDir = join(root, 'lib');
  return readdirSync(libDir)
    .filter((d) => existsSync(join(libDir, d, 'package.json')))
    .map((d) => [JSON.parse(readFileSync(join(libDir, d, 'package.json'), 'utf8')).name, d]);
}

/** Creates (or corrects) dist/node_modules/<package> -> dist/lib/<folder> for every library. */
function linkLibraries(dist = join(root, 'dist')) {
  for (const [name, folder] of libraries()) {
    const link = join(dist, 'node_modules', ...name.split('/'));
    const target = relative(join(link, '..'), join(dist, 'lib', folder));
    let current = null;
    try {
      current = readlinkSync(link);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    if (current === target) continue;
    if (current !== null) rmSync(link, { force: true });
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

module.exports = { libraries, linkLibraries };
if (require.main === module) linkLibraries(resolve(process.argv[2] ?? join(root, 'dist')));
