import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { nowTimestamp } from '../core/names';
import type { StoreEvent } from '../store/store.types';
import { objectKey, splitKey } from './cluster-client';
import { EventRecorder } from './event-recorder';
import {
  podConditions,
  runningStatus,
  specContainers,
  specInitContainers,
  terminatedStatus,
  waitingStatus,
  type ContainerFate,
} from './pod-status';
import { matchesRequiredNodeAffinity } from './node-affinity';
import { QueueController } from './queue.controller';

type Stage = 'unscheduled' | 'creating' | 'running' | 'pull-backoff' | 'crashloop' | 'done';

function stageOf(pod: Readonly<KubeObject>): Stage {
  if (!getPath(pod, ['spec', 'nodeName'])) return 'unscheduled';
  const phase = getPath(pod, ['status', 'phase']);
  if (phase === 'Succeeded' || phase === 'Failed') return 'done';
  const statuses = getPath(pod, ['status', 'containerStatuses']);
  const first = Array.isArray(statuses) && isJsonObject(statuses[0]) ? statuses[0] : undefined;
  const waiting = first ? getPath(first, ['state', 'waiting', 'reason']) : undefined;
  if (!first || waiting === 'ContainerCreating') return 'creating';
  if (waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull') return 'pull-backoff';
  if (waiting === 'CrashLoopBackOff') return 'crashloop';
  return 'running';
}

/**
 * Scheduler plus kubelet of the simulated nodes: binds pods to nodes (honouring nodeSelector and
 * required node affinity),
 * then walks them through ContainerCreating → Running/Ready after `podReadyDelayMs`. Images
 * matching the failure patterns never pull (ImagePullBackOff) or crash-loop; pods whose
 * restartPolicy is not Always (Jobs, test hooks) finish — Succeeded, or Failed for crashing images
 * with restartPolicy Never — after `jobPodDurationMs`.
 */
export class KubeletController extends QueueController {
  readonly name = 'kubelet';
  private readonly due = new Map<string, number>();
  private events!: EventRecorder;

  protected override fieldManager(): string {
    return 'kubelet';
  }

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource !== 'pods') return;
    if (e.type === 'DELETED') {
      this.due.delete(String(e.object.metadata.uid));
      return;
    }
    const stage = stageOf(e.object);
    if (stage !== 'done' && stage !== 'pull-backoff') this.queue.add(objectKey(e.object));
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'kubelet');
    for (const p of this.ctx.store.list('pods')) if (stageOf(p) !== 'done') this.queue.add(objectKey(p));
  }

  private fate(pod: Readonly<KubeObject>): ContainerFate {
    const images = [...specInitContainers(pod), ...specContainers(pod)].map((c) => String(c.image ?? ''));
    if (images.some((i) => this.ctx.settings.failImagePattern.test(i))) return 'pull-fail';
    if (images.some((i) => this.ctx.settings.crashImagePattern.test(i))) return 'crash';
    return 'run';
  }

  /** Waits until `dueAt` for `pod`; returns true when the time has come. */
  private ready(pod: Readonly<KubeObject>, key: string, delayMs: number): boolean {
    const uid = String(pod.metadata.uid);
    const now = this.ctx.now();
    const dueAt = this.due.get(uid) ?? now + delayMs;
    if (now >= dueAt) {
      this.due.delete(uid);
      return true;
    }
    this.due.set(uid, dueAt);
    this.queue.addAfter(key, dueAt - now);
    return false;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.client.get('pods', namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const stage = stageOf(pod);
    if (stage === 'unscheduled') return this.schedule(pod);
    if (stage === 'creating' && !getPath(pod, ['status', 'podIP'])) return this.admit(pod);
    if (stage === 'creating' && this.ready(pod, key, this.ctx.settings.podReadyDelayMs)) {
      if (this.unboundClaims(pod)) return this.queue.addAfter(key, 100);
      return this.startContainers(pod);
    }
    if (stage === 'crashloop' && this.ready(pod, key, this.crashDelay(pod))) return this.crash(pod);
    if (stage === 'running' && this.isJobPod(pod) && this.ready(pod, key, this.ctx.settings.jobPodDurationMs))
      return this.finish(pod, true);
  }

  /** True while a volume of the pod refers to a claim that is missing or not Bound yet. */
  private unboundClaims(pod: Readonly<KubeObject>): boolean {
    const volumes = getPath(pod, ['spec', 'volumes']);
    for (const v of Array.isArray(volumes) ? volumes.filter(isJsonObject) : []) {
      const claim = getPath(v, ['persistentVolumeClaim', 'claimName']);
      if (typeof claim !== 'string') continue;
      const pvc = this.ctx.store.get({
        groupResource: 'persistentvolumeclaims',
        namespace: String(pod.metadata.namespace),
        name: claim,
      });
      if (getPath(pvc, ['status', 'phase']) !== 'Bound') return true;
    }
    return false;
  }

  /** Pods that do not restart always (Job pods, `helm test` hooks, `kubectl run --restart=Never`) run to completion. */
  private isJobPod(pod: Readonly<KubeObject>): boolean {
    return getPath(pod, ['spec', 'restartPolicy']) !== 'Always';
  }

  private schedule(pod: KubeObject): void {
    const selector = getPath(pod, ['spec', 'nodeSelector']);
    const nodes = this.ctx.store
      .list('nodes')
      .filter(
        (n) => !isJsonObject(selector) || Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v),
      )
      .filter((n) => matchesRequiredNodeAffinity(pod, n));
    const now = nowTimestamp(this.ctx.now);
    if (nodes.length === 0) {
      const total = this.ctx.store.count('nodes');
      const status = {
        ...(pod.status as JsonObject),
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: now,
            reason: 'Unschedulable',
            message: `0/${total} nodes are available: ${total} node(s) didn't match Pod's node affinity/selector.`,
          },
        ],
      };
      if (getPath(pod, ['status', 'conditions', '0', 'reason']) !== 'Unschedulable')
        this.client.updateStatus('pods', { ...pod, status });
      return;
    }
    const load = new Map(nodes.map((n) => [String(n.metadata.name), 0]));
    for (const p of this.ctx.store.list('pods')) {
      const n = String(getPath(p, ['spec', 'nodeName']) ?? '');
      if (load.has(n)) load.set(n, (load.get(n) ?? 0) + 1);
    }
    const node = [...load.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0][0];
    this.client.update('pods', { ...pod, spec: { ...(pod.spec as JsonObject), nodeName: node } });
    this.events.record(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${String(pod.metadata.namespace)}/${String(pod.metadata.name)} to ${node}`,
    );
  }

  /** The node accepts a bound pod: IPs, start time, containers in ContainerCreating. */
  private admit(pod: KubeObject): void {
    const now = nowTimestamp(this.ctx.now);
    const node = String(getPath(pod, ['spec', 'nodeName']));
    const nodes = this.ctx.store.list('nodes');
    const nodeObj = nodes.find((n) => n.metadata.name === node);
    const hostIP = String(getPath(nodeObj, ['status', 'addresses', '0', 'address']) ?? '172.18.0.2');
    const podIP =
      getPath(pod, ['spec', 'hostNetwork']) === true
        ? hostIP
        : this.allocateIp(node, Math.max(0, nodes.indexOf(nodeObj as KubeObject)));
    const waiting = specContainers(pod).map((c) => waitingStatus(c, 'ContainerCreating', undefined, 0));
    const init = specInitContainers(pod).map((c) => terminatedStatus(c, 0, 'Completed', now, now, 0));
    const status: JsonObject = {
      ...(pod.status as JsonObject),
      phase: 'Pending',
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: now,
      conditions: podConditions(
        false,
        now,
        specContainers(pod).map((c) => String(c.name)),
      ),
      containerStatuses: waiting,
    };
    if (init.length) status.initContainerStatuses = init;
    this.client.updateStatus('pods', { ...pod, status });
  }

  private allocateIp(node: string, index: number): string {
    const used = new Set(
      this.ctx.store
        .list('pods')
        .filter((p) => getPath(p, ['spec', 'nodeName']) === node)
        .map((p) => String(getPath(p, ['status', 'podIP']) ?? '')),
    );
    for (let i = 2; i < 255; i++) {
      const ip = `10.244.${index}.${i}`;
      if (!used.has(ip)) return ip;
    }
    return `10.244.${index}.254`;
  }

  private startContainers(pod: KubeObject): void {
    const now = nowTimestamp(this.ctx.now);
    const fate = this.fate(pod);
    const names = specContainers(pod).map((c) => String(c.name));
    if (fate === 'pull-fail') {
      const bad = [...specInitContainers(pod), ...specContainers(pod)].find((c) =>
        this.ctx.settings.failImagePattern.test(String(c.image)),
      );
      const image = String(bad?.image ?? '');
      const message = `Back-off pulling image "${image}": ErrImagePull: failed to pull and unpack image "${image}": failed to resolve reference "${image}": sandbox.invalid: no such host`;
      const statuses = specContainers(pod).map((c) => waitingStatus(c, 'ImagePullBackOff', message, 0));
      this.client.updateStatus('pods', {
        ...pod,
        status: {
          ...(pod.status as JsonObject),
          phase: 'Pending',
          conditions: podConditions(false, now, names),
          containerStatuses: statuses,
        },
      });
      this.events.record(
        pod,
        'Warning',
        'Failed',
        `Failed to pull image "${image}": failed to resolve reference "${image}": sandbox.invalid: no such host`,
      );
      this.events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      return;
    }
    if (fate === 'crash') return this.crash(pod);
    const statuses = specContainers(pod).map((c) => runningStatus(c, now, true, 0));
    this.client.updateStatus('pods', {
      ...pod,
      status: {
        ...(pod.status as JsonObject),
        phase: 'Running',
        conditions: podConditions(true, now),
        containerStatuses: statuses,
      },
    });
    for (const c of specContainers(pod))
      this.events.record(pod, 'Normal', 'Started', `Started container ${String(c.name)}`);
  }

  private restarts(pod: Readonly<KubeObject>): number {
    return Number(getPath(pod, ['status', 'containerStatuses', '0', 'restartCount']) ?? 0);
  }

  private crashDelay(pod: Readonly<KubeObject>): number {
    return Math.min(this.ctx.settings.crashRestartDelayMs * 2 ** Math.min(this.restarts(pod), 5), 30_000);
  }

  /** A crashing container exits with code 1; Job pods that never restart fail, others back off and retry. */
  private crash(pod: KubeObject): void {
    if (this.isJobPod(pod) && getPath(pod, ['spec', 'restartPolicy']) === 'Never') return this.finish(pod, false);
    const now = nowTimestamp(this.ctx.now);
    const restarts = stageOf(pod) === 'crashloop' ? this.restarts(pod) + 1 : 0;
    const lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now } };
    const statuses = specContainers(pod).map((c) =>
      waitingStatus(
        c,
        'CrashLoopBackOff',
        `back-off restarting failed container ${String(c.name)} in pod ${String(pod.metadata.name)}`,
        restarts,
        lastState,
      ),
    );
    this.client.updateStatus('pods', {
      ...pod,
      status: {
        ...(pod.status as JsonObject),
        phase: 'Running',
        conditions: podConditions(
          false,
          now,
          specContainers(pod).map((c) => String(c.name)),
        ),
        containerStatuses: statuses,
      },
    });
    this.events.record(
      pod,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${String(specContainers(pod)[0]?.name ?? '')} in pod ${String(pod.metadata.name)}`,
    );
    this.queue.addAfter(objectKey(pod), this.crashDelay({ ...pod, status: { containerStatuses: statuses } }));
  }

  private finish(pod: KubeObject, success: boolean): void {
    const now = nowTimestamp(this.ctx.now);
    const started = String(getPath(pod, ['status', 'startTime']) ?? now);
    const statuses = specContainers(pod).map((c) =>
      terminatedStatus(c, success ? 0 : 1, success ? 'Completed' : 'Error', started, now, 0),
    );
    this.client.updateStatus('pods', {
      ...pod,
      status: {
        ...(pod.status as JsonObject),
        phase: success ? 'Succeeded' : 'Failed',
        conditions: podConditions(false, now, [], true),
        containerStatuses: statuses,
      },
    });
  }
}
