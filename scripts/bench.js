// `npm run bench [-- NAME…]`: runs bench/*.bench.ts (all, or those whose name contains NAME) through swc,
// one process each, printing their figures. Benchmarks are not part of `npm test`.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench')).filter(
  (f) => f.endsWith('.bench.ts') && (!filters.length || filters.some((n) => f.includes(n))),
);
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, ['-r', join(__dirname, 'swc-register.js'), join(root, 'bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
