// `npm run build`: tsc (tsconfig.build.json: src/ and lib/ into dist/), the workspace libraries'
// links for the compiled code (dist-links.js), then the template CLI bundle (bundle-cli.js).
// Used by `npm run build`, `npm test`, bin/marina.js and the tests that spawn the CLI.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { linkLibraries } = require('./dist-links');
const { bundle, parseArgs } = require('./bundle-cli');

const root = join(__dirname, '..');

/** Runs the whole build; throws with tsc's output when compiling fails. */
function build({ quiet = false } = {}) {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status ?? tsc.signal}):\n${tsc.stdout}${tsc.stderr}`);
  linkLibraries(join(root, 'dist'));
  const { eager, lazy } = bundle(parseArgs([]));
  if (!quiet)
    process.stdout.write(`bundle-cli: ${eager} modules (+${lazy} loaded lazily) -> dist/template-cli.bundle.js\n`);
}

module.exports = { build };
if (require.main === module) {
  try {
    build();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
