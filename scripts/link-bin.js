#!/usr/bin/env node
// `prepare` step of `npm install`: links bin/marina (a sh launcher) as node_modules/.bin/marina, which is what
// `npx marina` runs. package.json deliberately declares no "bin": when the project's own
// package.json names the command, npx resolves it as a package (loading the whole dependency
// tree, ~1 s per call) instead of taking its direct path through node_modules/.bin (~0.4 s).
const { mkdirSync, readlinkSync, symlinkSync, unlinkSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, 'marina');
const target = relative(binDir, join(root, 'bin', 'marina'));

if (process.platform === 'win32') process.exit(0); // npm's cmd shims are not reproduced here
mkdirSync(binDir, { recursive: true });
let current = null;
try {
  current = readlinkSync(link);
} catch {
  // no link yet
}
if (current !== target) {
  if (current !== null) unlinkSync(link);
  symlinkSync(target, link);
}
