import type { JsonObject } from '../api/kube-object.types';
import { modelSchema } from '../schema/model-schema.builder';
import { applyStrategicMergePatch } from './strategic-merge-patch';

describe('strategic merge patch', () => {
  const deployment = modelSchema('V1Deployment');
  const base = {
    metadata: { finalizers: ['a', 'b'], labels: { app: 'web' } },
    spec: {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
            { name: 'side', image: 'side:1' },
          ],
          tolerations: [{ key: 'x' }],
        },
      },
    },
  };

  it('merges lists by merge key and replaces lists without one', () => {
    const out = applyStrategicMergePatch(
      base as unknown as JsonObject,
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'side', image: 'side:2' },
                { name: 'new', image: 'n:1' },
              ],
              tolerations: [{ key: 'y' }],
            },
          },
        },
      },
      deployment,
    ) as unknown as typeof base;
    expect(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      'app=app:1',
      'side=side:2',
      'new=n:1',
    ]);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
  });

  it('honours $patch: delete and replace, $setElementOrder, $deleteFromPrimitiveList and $retainKeys', () => {
    const out = applyStrategicMergePatch(
      base as unknown as JsonObject,
      {
        metadata: {
          $deleteFromPrimitiveList: undefined,
          '$deleteFromPrimitiveList/finalizers': ['a'],
          finalizers: ['c'],
        },
        spec: {
          strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
              containers: [{ name: 'app', env: [{ $patch: 'replace' }, { name: 'B', value: '2' }] }],
            },
          },
        },
      } as never,
      deployment,
    ) as unknown as typeof base;
    expect(out.metadata.finalizers).toEqual(['b', 'c']);
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['side', 'app']);
    expect(out.spec.template.spec.containers[1].env).toEqual([{ name: 'B', value: '2' }]);
    const removed = applyStrategicMergePatch(
      base as unknown as JsonObject,
      { spec: { template: { spec: { containers: [{ name: 'app', $patch: 'delete' }] } } } },
      deployment,
    ) as unknown as typeof base;
    expect(removed.spec.template.spec.containers.map((c) => c.name)).toEqual(['side']);
  });

  it('deletes fields set to null and never mutates the original', () => {
    const out = applyStrategicMergePatch(base as unknown as JsonObject, { metadata: { labels: null } }, deployment);
    expect((out.metadata as Record<string, unknown>).labels).toBeUndefined();
    expect(base.metadata.labels).toEqual({ app: 'web' });
  });
});
