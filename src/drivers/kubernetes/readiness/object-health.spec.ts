import type { KubeObject, ObjectRef } from '../kube-object.types';
import { objectHealth } from './object-health';

const ctx = { now: 100_000, since: 90_000, crGraceMs: 30_000 };
const obj = (apiVersion: string, kind: string, rest: Record<string, unknown> = {}, generation = 1): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'ns', generation },
  ...rest,
});
const health = (o: KubeObject) => {
  const ref: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: 'x', namespace: 'ns' };
  const v = objectHealth(ref, o, ctx);
  return [v.health, v.ready, v.desired, v.message, v.terminal];
};
const dep = (status: Record<string, unknown>, replicas = 2) =>
  obj('apps/v1', 'Deployment', { spec: { replicas }, status });
const cond = (type: string, status: string, reason?: string, message?: string) => ({ type, status, reason, message });

describe('objectHealth: Deployments', () => {
  it.each([
    [{ observedGeneration: 0 }, 'PROGRESSING', /observe generation 1/],
    [
      { observedGeneration: 1, updatedReplicas: 1, replicas: 2, availableReplicas: 1 },
      'PROGRESSING',
      /1 of 2 replicas updated/,
    ],
    [{ observedGeneration: 1, updatedReplicas: 2, replicas: 3, availableReplicas: 2 }, 'PROGRESSING', /1 old replica/],
    [
      { observedGeneration: 1, updatedReplicas: 2, replicas: 2, availableReplicas: 1 },
      'PROGRESSING',
      /1 of 2 replicas available/,
    ],
    [{ observedGeneration: 1, updatedReplicas: 2, replicas: 2, availableReplicas: 2 }, 'HEALTHY', null],
  ])('%j → %s', (status, want, message) => {
    const [h, , , m] = health(dep(status));
    expect(h).toBe(want);
    if (message) expect(m).toMatch(message);
    else expect(m).toBeNull();
  });

  it('is DEGRADED and terminal past its progress deadline', () => {
    const stuck = dep({
      conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "x" has timed out')],
    });
    expect(health(stuck)).toEqual(['DEGRADED', 0, 2, 'progress deadline exceeded: ReplicaSet "x" has timed out', true]);
  });

  it('scaled to zero is HEALTHY once old pods are gone', () => {
    expect(health(dep({ observedGeneration: 1, replicas: 0 }, 0))[0]).toBe('HEALTHY');
    expect(health(dep({ observedGeneration: 1, replicas: 1, updatedReplicas: 0 }, 0))[0]).toBe('PROGRESSING');
  });
});

describe('objectHealth: other workloads', () => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>) =>
    obj('apps/v1', 'StatefulSet', { spec: { replicas: 2, ...spec }, status: { observedGeneration: 1, ...status } });
  it.each([
    [sts({}, { readyReplicas: 2, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'a' }), 'HEALTHY'],
    [sts({}, { readyReplicas: 2, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'b' }), 'PROGRESSING'],
    [sts({}, { readyReplicas: 1, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'a' }), 'PROGRESSING'],
    [
      sts(
        { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { readyReplicas: 2, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' },
      ),
      'HEALTHY',
    ],
    [
      sts({ updateStrategy: { type: 'OnDelete' } }, { readyReplicas: 2, currentRevision: 'a', updateRevision: 'b' }),
      'HEALTHY',
    ],
    [obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1 } }), 'PROGRESSING'],
    [
      obj('apps/v1', 'DaemonSet', {
        status: {
          observedGeneration: 1,
          desiredNumberScheduled: 2,
          updatedNumberScheduled: 2,
          numberAvailable: 1,
          numberReady: 1,
        },
      }),
      'PROGRESSING',
    ],
    [
      obj('apps/v1', 'DaemonSet', {
        status: {
          observedGeneration: 1,
          desiredNumberScheduled: 2,
          updatedNumberScheduled: 2,
          numberAvailable: 2,
          numberReady: 2,
        },
      }),
      'HEALTHY',
    ],
    [obj('apps/v1', 'ReplicaSet', { spec: { replicas: 1 }, status: { readyReplicas: 1 } }), 'HEALTHY'],
    [obj('batch/v1', 'Job', { status: { succeeded: 0 } }), 'PROGRESSING'],
    [obj('batch/v1', 'Job', { status: { succeeded: 1, conditions: [cond('Complete', 'True')] } }), 'HEALTHY'],
    [obj('v1', 'Pod', { status: { phase: 'Running', conditions: [cond('Ready', 'True')] } }), 'HEALTHY'],
    [obj('v1', 'Pod', { status: { phase: 'Running', conditions: [cond('Ready', 'False')] } }), 'PROGRESSING'],
    [obj('v1', 'Pod', { status: { phase: 'Succeeded' } }), 'HEALTHY'],
    [obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } }), 'PROGRESSING'],
    [obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }), 'HEALTHY'],
    [obj('v1', 'Service', { spec: { type: 'ClusterIP' } }), 'HEALTHY'],
    [obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }), 'PROGRESSING'],
    [
      obj('v1', 'Service', {
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
      }),
      'HEALTHY',
    ],
    [obj('networking.k8s.io/v1', 'Ingress', { status: { loadBalancer: {} } }), 'HEALTHY'],
    [obj('v1', 'ConfigMap'), 'HEALTHY'],
    [obj('rbac.authorization.k8s.io/v1', 'Role'), 'HEALTHY'],
    [obj('batch/v1', 'CronJob'), 'HEALTHY'],
    [
      obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
        status: { conditions: [cond('Established', 'True')] },
      }),
      'HEALTHY',
    ],
    [obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { status: {} }), 'PROGRESSING'],
  ])('%# %j', (o, want) => {
    expect(health(o)[0]).toBe(want);
  });

  it('marks failed Jobs, Pods, lost PVCs and rejected CRD names DEGRADED and terminal', () => {
    expect(
      health(
        obj('batch/v1', 'Job', {
          status: {
            conditions: [cond('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')],
          },
        }),
      ),
    ).toEqual([
      'DEGRADED',
      0,
      1,
      'Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
      true,
    ]);
    expect(
      health(obj('v1', 'Pod', { status: { phase: 'Failed', reason: 'Evicted' } }))
        .slice(0, 1)
        .concat(health(obj('v1', 'Pod', { status: { phase: 'Failed' } }))[4]),
    ).toEqual(['DEGRADED', true]);
    expect(health(obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Lost' } }))[4]).toBe(true);
    expect(
      health(
        obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
          status: { conditions: [cond('NamesAccepted', 'False', 'Conflict')] },
        }),
      )[0],
    ).toBe('DEGRADED');
  });

  it('is MISSING when absent and PROGRESSING while being deleted', () => {
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'ns' };
    expect(objectHealth(ref, null, ctx).health).toBe('MISSING');
    const going = obj('v1', 'ConfigMap');
    going.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(objectHealth(ref, going, ctx)).toMatchObject({ health: 'PROGRESSING', message: 'being deleted' });
  });
});

describe('objectHealth: custom resources', () => {
  const cr = (status?: Record<string, unknown>, generation = 1) =>
    obj('example.com/v1', 'Widget', status ? { status } : {}, generation);
  it.each([
    [
      'no status, inside the grace period',
      cr(),
      'PROGRESSING',
      /waiting for its controller to report a status \(20 s of grace left\)/,
    ],
    ['empty status, inside the grace period', cr({}), 'PROGRESSING', /waiting for its controller/],
    ['Ready True', cr({ conditions: [cond('Ready', 'True')] }), 'HEALTHY', null],
    [
      'Ready False',
      cr({ conditions: [cond('Ready', 'False', 'Provisioning', 'creating disk')] }),
      'PROGRESSING',
      /^Ready is False: Provisioning: creating disk$/,
    ],
    ['Available True', cr({ conditions: [cond('Available', 'True')] }), 'HEALTHY', null],
    ['Succeeded True', cr({ conditions: [cond('Succeeded', 'True')] }), 'HEALTHY', null],
    [
      'Reconciling',
      cr({ conditions: [cond('Reconciling', 'True', 'Progressing')] }),
      'PROGRESSING',
      /^reconciling: Progressing$/,
    ],
    [
      'an old observedGeneration',
      cr({ observedGeneration: 1, conditions: [cond('Ready', 'True')] }, 2),
      'PROGRESSING',
      /generation 2/,
    ],
    ['a status without conditions', cr({ phase: 'Running' }), 'HEALTHY', null],
  ])('%s → %s', (_what, o, want, message) => {
    const [h, , , m, terminal] = health(o);
    expect([h, terminal]).toEqual([want, false]);
    if (message) expect(m).toMatch(message);
  });

  it.each(['Failed', 'Stalled'])('%s True → DEGRADED, terminal', (type) => {
    expect(health(cr({ conditions: [cond(type, 'True', 'Boom')] }))).toEqual([
      'DEGRADED',
      null,
      null,
      `${type}: Boom`,
      true,
    ]);
  });

  it('an empty status is HEALTHY once the grace period has passed', () => {
    const ref: ObjectRef = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'x', namespace: 'ns' };
    expect(objectHealth(ref, cr(), { ...ctx, now: ctx.since + ctx.crGraceMs }).health).toBe('HEALTHY');
  });
});
