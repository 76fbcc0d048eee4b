// `npm test`: lint (ESLint and the Prettier check, as `npm run lint`), compile (type errors fail
// the run), build, extract the helm/kubectl oracles, then run every jest project (unit,
// conformance, e2e). Extra arguments are passed to jest.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { ensureTools } = require('./tools');

const root = join(__dirname, '..');
function step(label, cmd, args) {
  process.stdout.write(`\n== ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`\n${label} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

process.stdout.write(`node ${process.version}\n`);
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(
    `Marina needs Node 24; this is ${process.version}. Run through npm (npm test), which uses node_modules/.bin/node.`,
  );
  process.exit(1);
}
step('eslint', process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
step('format check', process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']);
step('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
step('build (dist/, library links, template CLI bundle)', process.execPath, [join(root, 'scripts/build.js')]);
ensureTools();
// Most e2e suites wait on servers, sandboxed VMs and SSH rather than compute: three suites at a time
// overlap those waits on a 2-core machine (each suite has its own database, ports and VM addresses).
const workers = process.env.MARINA_TEST_WORKERS ?? '3';
step('jest', process.execPath, [
  join(root, 'node_modules/jest/bin/jest.js'),
  '--ci',
  `--maxWorkers=${workers}`,
  ...process.argv.slice(2),
]);
