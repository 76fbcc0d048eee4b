import type { KubeObject, ObjectRef } from '../kube-object.types';
import { assessReadiness } from './assess-readiness';
import { describeLive } from './describe-live';
import { DEFAULT_THRESHOLDS, type LiveState } from './readiness.types';

const since = 1_000_000;
const ref = (kind: string, name: string, apiVersion = 'apps/v1'): ObjectRef => ({
  apiVersion,
  kind,
  name,
  namespace: 'ns',
});
const web: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', generation: 1 },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } } },
  status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 0 },
};
const pod = (
  name: string,
  container: Record<string, unknown>,
  labels: Record<string, string> = { app: 'web' },
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', labels, uid: `uid-${name}` },
  spec: { containers: [{ name: 'redis', image: 'sandbox.invalid/fail:1' }] },
  status: {
    phase: 'Pending',
    podIP: '10.1.0.5',
    containerStatuses: [{ name: 'redis', restartCount: 0, ...container }],
  },
});
const live = (
  pods: KubeObject[],
  warnings: KubeObject[] = [],
  objects: LiveState['objects'] = [{ ref: ref('Deployment', 'web'), object: web }],
): LiveState => ({
  objects,
  pods,
  warnings,
  nodes: [],
});
const pullBackOff = pod('web-1', {
  state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
});

describe('assessReadiness', () => {
  it('explains a waiting workload by its pod, progressing while an image pull back-off is young', () => {
    const r = assessReadiness(live([pullBackOff]), { now: since + 1000, since, crGraceMs: 0 }, DEFAULT_THRESHOLDS);
    expect(r).toMatchObject({
      state: 'progressing',
      message:
        'Deployment/web (namespace ns): ImagePullBackOff on container redis: image sandbox.invalid/fail:1 cannot be pulled (Back-off pulling image) (pod web-1)',
    });
  });

  it('fails once the back-off persists past the threshold, and at once on an invalid image name', () => {
    const late = assessReadiness(live([pullBackOff]), { now: since + 10_000, since, crGraceMs: 0 }, DEFAULT_THRESHOLDS);
    expect(late.state).toBe('failed');
    expect(late.resources[0].health).toBe('DEGRADED');
    const invalid = pod('web-2', { state: { waiting: { reason: 'InvalidImageName' } } });
    expect(assessReadiness(live([invalid]), { now: since, since, crGraceMs: 0 }, DEFAULT_THRESHOLDS).state).toBe(
      'failed',
    );
  });

  it('fails a crash loop after the restart threshold, with the last exit code', () => {
    const crash = (restartCount: number) =>
      pod('web-3', {
        restartCount,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error' } },
      });
    const ctx = { now: since, since, crGraceMs: 0 };
    expect(assessReadiness(live([crash(2)]), ctx, DEFAULT_THRESHOLDS).state).toBe('progressing');
    const failed = assessReadiness(live([crash(3)]), ctx, DEFAULT_THRESHOLDS);
    expect(failed.state === 'failed' && failed.reason).toBe(
      'Deployment/web (namespace ns): CrashLoopBackOff on container redis (restarted 3 times): last exit code 1 (Error) (pod web-3)',
    );
  });

  it('uses the latest Warning event when the pod status says nothing more', () => {
    const pending = pod('web-4', { state: { waiting: { reason: 'ContainerCreating' } } });
    const event = (reason: string, message: string, lastTimestamp: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `e-${reason}`, namespace: 'ns' },
      type: 'Warning',
      reason,
      message,
      lastTimestamp,
      involvedObject: { kind: 'Pod', name: 'web-4' },
    });
    const r = assessReadiness(
      live(
        [pending],
        [
          event('FailedMount', 'secret "x" not found', '2026-01-01T00:00:02Z'),
          event('Old', 'older', '2026-01-01T00:00:01Z'),
        ],
      ),
      { now: since, since, crGraceMs: 0 },
      DEFAULT_THRESHOLDS,
    );
    expect(r.state === 'progressing' && r.message).toMatch(/FailedMount: secret "x" not found \(pod web-4\)/);
  });

  it('is ready when everything is healthy, and counts what is not', () => {
    const ok = { ...web, status: { ...(web.status as object), availableReplicas: 1 } };
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' } };
    const ctx = { now: since, since, crGraceMs: 0 };
    expect(
      assessReadiness(
        live(
          [],
          [],
          [
            { ref: ref('Deployment', 'web'), object: ok },
            { ref: ref('ConfigMap', 'c', 'v1'), object: cm },
          ],
        ),
        ctx,
        DEFAULT_THRESHOLDS,
      ).state,
    ).toBe('ready');
    const r = assessReadiness(
      live(
        [],
        [],
        [
          { ref: ref('ConfigMap', 'c', 'v1'), object: null },
          { ref: ref('Deployment', 'web'), object: web },
        ],
      ),
      ctx,
      DEFAULT_THRESHOLDS,
    );
    expect(r.state === 'progressing' && r.message).toBe('ConfigMap/c (namespace ns): not found (and 1 more not ready)');
  });
});

describe('describeLive', () => {
  it('lists pods as nodes (role: component label, else workload) and service endpoints on node addresses', () => {
    const running = pod(
      'web-5',
      { ready: true, state: { running: {} } },
      { app: 'web', 'app.kubernetes.io/component': 'primary' },
    );
    running.status = {
      ...(running.status as object),
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    };
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'ns' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.9',
        selector: { app: 'web' },
        ports: [{ port: 80, nodePort: 30080 }],
      },
      status: { loadBalancer: { ingress: [{ ip: '172.18.255.1' }] } },
    };
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { tls: [{ hosts: ['a.example.com'] }], rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }] },
    };
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      status: { addresses: [{ type: 'InternalIP', address: '192.168.1.10' }] },
    };
    const d = describeLive(
      {
        objects: [
          { ref: ref('Deployment', 'web'), object: web },
          { ref: ref('Service', 'web', 'v1'), object: svc },
          { ref: ref('Ingress', 'web', 'networking.k8s.io/v1'), object: ing },
        ],
        pods: [running, pullBackOff, pod('other', {}, { app: 'other' })],
        warnings: [],
        nodes: [node],
      },
      { now: since, since, crGraceMs: 0 },
      DEFAULT_THRESHOLDS,
    );
    expect(d.nodes).toEqual([
      {
        role: 'primary',
        name: 'web-5',
        providerId: 'uid-web-5',
        privateIp: '10.1.0.5',
        status: 'Running',
        health: 'HEALTHY',
      },
      {
        role: 'web',
        name: 'web-1',
        providerId: 'uid-web-1',
        privateIp: '10.1.0.5',
        status: 'ImagePullBackOff',
        health: 'PROGRESSING',
      },
    ]);
    expect(d.endpoints).toEqual([
      { kind: 'ClusterIP', name: 'web', address: '10.96.0.9', port: 80, protocol: 'TCP' },
      { kind: 'NodePort', name: 'web', address: '192.168.1.10', port: 30080, protocol: 'TCP' },
      { kind: 'LoadBalancer', name: 'web', address: '172.18.255.1', port: 80, protocol: 'TCP' },
      { kind: 'Ingress', name: 'web', address: 'a.example.com', port: 443, protocol: 'HTTPS' },
      { kind: 'Ingress', name: 'web', address: 'b.example.com', port: 80, protocol: 'HTTP' },
    ]);
    expect(d.resources.map((r) => [r.kind, r.health])).toEqual([
      ['Deployment', 'PROGRESSING'],
      ['Service', 'HEALTHY'],
      ['Ingress', 'HEALTHY'],
    ]);
  });
});
