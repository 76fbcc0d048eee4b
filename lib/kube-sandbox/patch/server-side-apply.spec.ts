import { KubeApiError } from '../api/api-errors';
import type { JsonObject, KubeObject } from '../api/kube-object.types';
import { modelSchema } from '../schema/model-schema.builder';
import { fieldsOf, fromFieldsV1, toFieldsV1 } from './field-set';
import { readManagedFields } from './managed-fields';
import { serverSideApply, type ApplyRequest } from './server-side-apply';

const schema = modelSchema('V1Deployment');
const req = (manager: string, force = false): ApplyRequest => ({
  manager,
  force,
  apiVersion: 'apps/v1',
  time: '2026-01-01T00:00:00Z',
  scope: 'main',
  schema,
});
const config = (replicas: number, image: string, extraEnv = true): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', labels: { app: 'd' } },
  spec: {
    replicas,
    template: { spec: { containers: [{ name: 'app', image, env: extraEnv ? [{ name: 'A', value: '1' }] : [] }] } },
  },
});

describe('field sets', () => {
  it('encode associative lists by key and round-trip through fieldsV1', () => {
    const set = fieldsOf(config(1, 'a:1'), schema, 'main');
    const v1 = toFieldsV1(set);
    expect(v1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
              },
            },
          },
        },
      },
    });
    expect(fromFieldsV1(v1)).toEqual(set);
  });
});

describe('server-side apply', () => {
  it('creates, then lets the same manager change its own fields', () => {
    const created = serverSideApply(undefined, config(1, 'a:1'), req('alice'));
    const updated = serverSideApply(created, config(2, 'a:2'), req('alice'));
    expect((updated.spec as JsonObject).replicas).toBe(2);
    expect(readManagedFields(updated).map((e) => [e.manager, e.operation])).toEqual([['alice', 'Apply']]);
  });

  it('reports every conflicting field of another manager, and forcing takes ownership', () => {
    const live = serverSideApply(undefined, config(1, 'a:1'), req('alice'));
    let error: unknown;
    try {
      serverSideApply(live, config(3, 'a:2'), req('bob'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KubeApiError);
    const e = error as KubeApiError;
    expect(e.httpStatus).toBe(409);
    expect(e.message).toContain('Apply failed with 2 conflicts: conflicts with "alice" using apps/v1');
    expect(e.details?.causes?.map((c) => c.field).sort()).toEqual([
      '.spec.replicas',
      '.spec.template.spec.containers[name="app"].image',
    ]);
    const forced = serverSideApply(live, config(3, 'a:2'), req('bob', true));
    expect((forced.spec as JsonObject).replicas).toBe(3);
    const owners = Object.fromEntries(readManagedFields(forced).map((m) => [m.manager, [...m.fields]]));
    expect(owners.bob).toContain(['f:spec', 'f:replicas'].join('\u0000'));
    expect(owners.alice).not.toContain(['f:spec', 'f:replicas'].join('\u0000'));
  });

  it('agrees without conflict when values are equal, and removes fields a manager stops applying', () => {
    const live = serverSideApply(undefined, config(1, 'a:1'), req('alice'));
    const shared = serverSideApply(live, config(1, 'a:1'), req('bob'));
    expect(
      readManagedFields(shared)
        .map((m) => m.manager)
        .sort(),
    ).toEqual(['alice', 'bob']);
    const dropped = serverSideApply(live, config(1, 'a:1', false), req('alice')) as KubeObject;
    const container = ((dropped.spec as JsonObject).template as { spec: { containers: JsonObject[] } }).spec
      .containers[0];
    expect(container.env).toEqual([]);
  });
});
