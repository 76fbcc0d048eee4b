// Minimal require hook: compiles .ts files with @swc/core (decorators + metadata, CommonJS) so
// benchmarks and test helper processes run TypeScript sources without a build step.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const swc = require('@swc/core');

const options = JSON.parse(readFileSync(join(__dirname, '..', '.swcrc'), 'utf8'));
require.extensions['.ts'] = function compile(module, filename) {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    ...options,
    filename,
    sourceMaps: 'inline',
    swcrc: false,
  });
  module._compile(code, filename);
};
