#!/usr/bin/env node
// Entry point for `npx marina`: runs the compiled CLI, building it first (scripts/build.js, what
// `npm run build` runs) when dist/ is missing.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  require(join(root, 'scripts', 'build.js')).build();
}
// main.js only self-starts when it is the entry module, so call its exported main() here.
require(main)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
