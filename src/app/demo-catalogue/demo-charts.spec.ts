/** The demo charts through Marina's own renderer, values rules and preview: the upgrade the README tour shows. */
import { join } from 'node:path';
import { loadChart, renderChart, type Chart } from '@marina/helm';
import { manifestObjects, previewChanges } from '../../drivers/kubernetes/preview';
import { revisionValues, type RevisionValues } from '../../services/instances/values';
import { DEMO_CHARTS, findDemoChartsDir } from './demo-charts';

const dir = findDemoChartsDir() as string;
const chart = (name: string): Chart => loadChart(join(dir, name));
const kinds = (c: Chart, values: Record<string, unknown> = {}) =>
  renderChart(c, { releaseName: 'demo', namespace: 'default', values: values as never }).manifests.map(
    (m) => `${m.head.kind}/${m.head.name}`,
  );

describe('demo charts', () => {
  it.each(DEMO_CHARTS)('%s renders with its defaults', (name) => {
    expect(kinds(chart(name)).length).toBeGreaterThanOrEqual(2);
  });

  it('render their optional parts', () => {
    expect(kinds(chart('demo-web-1.1.0'), { ingress: { enabled: true } })).toEqual([
      'ConfigMap/demo-demo-web-page',
      'Service/demo-demo-web',
      'Deployment/demo-demo-web',
      'Ingress/demo-demo-web',
    ]);
    expect(kinds(chart('demo-redis-0.1.0'), { auth: { enabled: true, password: 'x' } })).toEqual([
      'Secret/demo-demo-redis-auth',
      'Service/demo-demo-redis-headless',
      'Service/demo-demo-redis',
      'StatefulSet/demo-demo-redis',
    ]);
  });

  it('upgrade web 1.0.0 → 1.1.0 keeping the overrides, reporting the dropped key, previewing the change', () => {
    const overrides = { replicaCount: 2, image: { pullPolicy: 'Always' } };
    const v1 = revisionValues(chart('demo-web-1.0.0'), overrides) as RevisionValues;
    const v2 = revisionValues(chart('demo-web-1.1.0'), overrides) as RevisionValues;
    expect(v1.removedValueKeys).toEqual([]);
    expect(v2.removedValueKeys).toEqual(['image.pullPolicy']);
    expect(v2.effective.replicaCount).toBe(2);

    const render = (name: string, v: RevisionValues) =>
      manifestObjects(renderChart(chart(name), { releaseName: 'demo', values: v.effective as never }).manifestText);
    const before = render('demo-web-1.0.0', v1);
    const after = render('demo-web-1.1.0', v2);
    const live = (kind: string) => before.find((o) => o.kind === kind) ?? null;
    const { changes } = previewChanges({
      namespace: 'default',
      releaseName: 'demo',
      desired: after.map((o) => ({ object: o, live: live(o.kind), previous: live(o.kind) })),
      removed: [],
      hooks: [],
    });
    expect(changes.map((c) => `${c.action} ${c.kind}`)).toEqual([
      'ADD ConfigMap',
      'CHANGE Service',
      'CHANGE Deployment',
    ]);
    expect(changes[2].diff).toContain(
      '-      - image: nginx:1.27\n-        imagePullPolicy: Always\n+      - image: nginx:1.28',
    );
  });
});
