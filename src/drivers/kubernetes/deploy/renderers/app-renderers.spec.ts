import { AppType } from '../../../../entities/enums';
import { DriverError } from '../../../../jobs/errors';
import type { AppRenderer, RenderedApp } from '../app-renderer.types';
import { OP } from '../testing/fake-kube';
import { layerObjects, releaseOf } from '../tasks/render.task';
import { AppRenderers } from './app-renderers';

const renderer = (type: AppType): AppRenderer => ({ type, render: async () => Promise.reject(new Error('unused')) });
const obj = (kind: string, name: string) => ({
  apiVersion: kind === 'Service' ? 'v1' : 'apps/v1',
  kind,
  metadata: { name },
});

describe('AppRenderers', () => {
  it('finds the renderer of a type; HELM when the operation names none', () => {
    const helm = renderer(AppType.HELM);
    const template = renderer(AppType.TEMPLATE);
    const registry = new AppRenderers([helm, template]);
    expect(registry.of(AppType.TEMPLATE)).toBe(template);
    expect(registry.of(undefined)).toBe(helm);
    expect(registry.types()).toEqual([AppType.HELM, AppType.TEMPLATE]);
  });

  it('refuses a type without a renderer with a non-retryable NO_RENDERER error', () => {
    const err = (() => {
      try {
        new AppRenderers([renderer(AppType.HELM)]).of(AppType.VM);
      } catch (e) {
        return e as DriverError;
      }
    })();
    expect(err).toBeInstanceOf(DriverError);
    expect(err).toMatchObject({ code: 'NO_RENDERER', retryable: false });
    expect(err?.message).toContain('VM apps cannot be rendered');
  });

  it('refuses two renderers of one type', () => {
    expect(() => new AppRenderers([renderer(AppType.HELM), renderer(AppType.HELM)])).toThrow('two renderers');
  });
});

describe('releaseOf / layerObjects', () => {
  const app: RenderedApp = {
    chart: { name: 'shop', version: '1.0.0', appVersion: '1' },
    layers: [
      { name: 'db', objects: [obj('Deployment', 'db'), obj('Service', 'db')] },
      { name: 'web', objects: [obj('Deployment', 'web')] },
    ],
    hooks: [],
    notes: '',
    removedValueKeys: [],
    warnings: ['converted'],
  };

  it('keeps layers in order, each in install order, with ownership metadata and a manifest of all objects', () => {
    const r = releaseOf(app, OP, 'install', AppType.COMPOSED);
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/db',
      'Deployment/db',
      'Deployment/web',
    ]);
    expect(r.layers).toEqual([
      { name: 'db', count: 2 },
      { name: 'web', count: 1 },
    ]);
    expect(r.objects[0].metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'web' });
    expect(r.manifest).toContain('# Source: web\n');
    expect(r.manifest.match(/^---$/gm)).toHaveLength(3);
    expect(r.manifestDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(r.warnings).toEqual(['converted']);
    expect(r.appType).toBe(AppType.COMPOSED);
  });

  it('slices one layer, or every object without a layer index', () => {
    const r = releaseOf(app, OP, 'install', AppType.COMPOSED);
    expect(layerObjects(r, 1).map((o) => o.metadata.name)).toEqual(['web']);
    expect(layerObjects(r, 0)).toHaveLength(2);
    expect(layerObjects(r, undefined)).toHaveLength(3);
    expect(layerObjects(r, 5)).toEqual([]);
  });

  it("keeps a renderer's own manifest text (Helm's) as it is", () => {
    const r = releaseOf({ ...app, manifest: '---\n# Source: x\nkind: A\n' }, OP, 'install', AppType.HELM);
    expect(r.manifest).toBe('---\n# Source: x\nkind: A\n');
  });
});
