/**
 * Composed-app rendering speed, in process: the "shop" definition (4 nodes, 4 edges) parsed and
 * validated from app.json, then rendered into its layers (with the overrides applied), and a
 * 50-node chain (50 layers) as a large canvas. Prints medians per operation.
 *
 * Run: npm run bench -- composed-render   (BENCH_RUNS=N for more runs).
 */
import { parseComposedDefinition } from '../src/packages/composed/composed-definition.parse';
import { applyComposedOverrides } from '../src/packages/composed/composed-overrides';
import { shopAppJson } from '../src/packages/composed/testing/shop.fixture';
import { renderComposed } from '../src/drivers/kubernetes/composed/composed-render';

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);

function median(fn: () => void, runs = RUNS): number {
  for (let i = 0; i < 50; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function chain(n: number) {
  const nodes = Array.from({ length: n }, (_, i) => ({
    name: `n${i}`,
    kind: 'CUSTOM',
    image: 'nginx:1.27',
    service: { ports: [{ port: 80 }] },
    env: i > 0 ? { UP: `\${nodes.n${i - 1}.service}` } : {},
  }));
  const edges = nodes.slice(1).map((_, i) => ({ from: `n${i + 1}`, to: `n${i}` }));
  return { nodes, edges };
}

const credential = () => 'x'.repeat(24);
for (const [label, doc] of [
  ['shop (4 nodes)', shopAppJson()],
  ['chain (50 nodes, 50 layers)', chain(50)],
] as const) {
  const parse = median(() => parseComposedDefinition(doc));
  const r = applyComposedOverrides(doc, {});
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const ctx = { release: 'bench', namespace: 'apps', definition: r.definition, credential };
  const objects = renderComposed(ctx).reduce((n, l) => n + l.objects.length, 0);
  const render = median(() => renderComposed(ctx));
  console.log(`${label}: parse+validate ${parse.toFixed(3)} ms, render ${render.toFixed(3)} ms (${objects} objects)`);
}
