/**
 * In-memory stand-ins for unit specs of the deploy processors: a KubeConnection over a map of
 * objects, a release port over a list of revisions, and a TaskContext. Not for e2e tests (those
 * run against lib/kube-sandbox through the real connection).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ProcessorEvent, TaskContext, TaskInfo } from '../../../../jobs/job.types';
import type { InstanceOperation } from '../../../../services/instances/instance-operation.types';
import type { Readiness } from '../../../runtime-driver.types';
import type { KubeConnection } from '../../kube-connection.types';
import type { KubeObject, ObjectRef } from '../../kube-object.types';
import { SecretBox } from '../../../../services/secrets/secret-box';
import { AppRenderers } from '../renderers/app-renderers';
import type { DeployPorts, ReleasePort, ReleaseRevision, ReleaseStatus } from '../deploy-ports';

const keyOf = (r: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

export class FakeKube {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: string[] = [];
  readiness: Readiness = { state: 'ready', resources: [] };

  put(obj: KubeObject, ns: string | null = 'prod'): void {
    this.objects.set(keyOf({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace ?? ns }), obj);
  }

  find(kind: string, name: string, ns: string | null = 'prod'): KubeObject | undefined {
    return this.objects.get(keyOf({ kind, name, namespace: ns }));
  }

  connection(): KubeConnection {
    const get = async (ref: ObjectRef) => structuredClone(this.objects.get(keyOf(ref)) ?? null);
    return {
      serverVersion: async () => ({ major: '1', minor: '32', gitVersion: 'v1.32.0' }),
      apiVersions: async () => ['v1', 'apps/v1'],
      namespaces: async () => ['prod'],
      ensureNamespace: async () => 'exists',
      get,
      list: async () => [],
      apply: async (obj, ns) => {
        this.calls.push(`apply ${obj.kind}/${obj.metadata.name}`);
        this.put(structuredClone(obj), ns);
        return obj;
      },
      create: async (obj) => obj,
      replace: async (obj) => {
        this.calls.push(`replace ${obj.kind}/${obj.metadata.name}`);
        this.put(structuredClone(obj), obj.metadata.namespace ?? 'prod');
        return obj;
      },
      remove: async (ref) => {
        this.calls.push(`remove ${ref.kind}/${ref.name}`);
        return this.objects.delete(keyOf(ref)) ? 'deleted' : 'absent';
      },
      scale: async (ref, replicas) => {
        this.calls.push(`scale ${ref.kind}/${ref.name} ${replicas}`);
        const obj = this.objects.get(keyOf(ref));
        if (obj) obj.spec = { ...(obj.spec as object), replicas };
      },
      readiness: async () => this.readiness,
      describe: async () => ({ resources: [], nodes: [], endpoints: [] }),
      lookup: async () => ({}) as never,
      close: () => undefined,
    };
  }
}

export class FakeReleases implements ReleasePort {
  constructor(readonly revisions: ReleaseRevision[] = []) {}
  async history() {
    return [...this.revisions].sort((a, b) => a.version - b.version);
  }
  async writePending(rev: Parameters<ReleasePort['writePending']>[0]) {
    if (this.revisions.some((r) => r.version === rev.version)) return;
    this.revisions.push({ ...rev, instanceId: rev.instanceId, applyMethod: 'ssa' });
  }
  async setStatus(version: number, status: ReleaseStatus, _d: string, from?: readonly ReleaseStatus[]) {
    const r = this.revisions.find((x) => x.version === version);
    if (!r || (from && !from.includes(r.status))) return false;
    this.revisions[this.revisions.indexOf(r)] = { ...r, status };
    return true;
  }
  async markDeployed(version: number) {
    for (const r of this.revisions)
      if (r.status === 'deployed' && r.version !== version) await this.setStatus(r.version, 'superseded', '');
    await this.setStatus(version, 'deployed', '');
  }
  async purge() {
    const n = this.revisions.length;
    this.revisions.length = 0;
    return n;
  }
}

export function fakePorts(kube: FakeKube, releases: FakeReleases): DeployPorts {
  return {
    connect: async () => kube.connection(),
    chart: async () => {
      throw new Error('no charts in unit specs');
    },
    releases: () => releases,
    removedValueKeys: () => [],
    adopt: async () => null,
    fieldManager: 'helm',
    crGraceMs: 1000,
    results: new SecretBox(randomBytes(32)),
    renderers: new AppRenderers([]),
  };
}

export const OP: InstanceOperation = {
  action: 'deploy',
  instanceId: 'i-1',
  runtimeId: 'r-1',
  namespace: 'prod',
  releaseName: 'web',
  revision: 1,
  versionId: 'v-1',
  overrides: {},
  timeoutMs: 60_000,
};

/** A TaskContext for one execution; `events` collects what the processor emitted. */
export function fakeContext(opts: {
  op?: Partial<InstanceOperation>;
  input?: Record<string, unknown>;
  state?: Record<string, unknown> | null;
  upstream?: Record<string, unknown>;
  events?: ProcessorEvent[];
  signal?: AbortSignal;
}): TaskContext {
  const events = opts.events ?? [];
  const task: TaskInfo = {
    id: 't',
    jobId: 'j',
    key: 'k',
    action: 'kube.test',
    target: null,
    input: opts.input ?? null,
    state: opts.state ?? null,
    attempt: 0,
    maxAttempts: 5,
    reschedules: 0,
    timeoutMs: 300_000,
  };
  const ctx = {
    task,
    job: {
      id: 'j',
      action: 'deploy',
      status: 'RUNNING',
      instanceId: 'i-1',
      subject: null,
      ownerId: null,
      workspaceId: null,
      input: { ...OP, ...opts.op },
    },
    em: {} as never,
    logger: { info: () => undefined } as unknown as Logger,
    signal: opts.signal ?? new AbortController().signal,
    log: async () => undefined,
    heartbeat: async () => undefined,
    isCancelled: () => false,
    checkpoint: async () => undefined,
    emit: async (e: ProcessorEvent) => void events.push(e),
    upstream: (key: string) => {
      if (!opts.upstream || !(key in opts.upstream)) throw new Error(`"${key}" is not upstream`);
      return opts.upstream[key];
    },
  };
  return ctx as unknown as TaskContext;
}
