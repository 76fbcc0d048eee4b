/**
 * Runtime resources beside the apps (issue 16 item 4, seed 004's console): config files
 * (ConfigMaps), volumes (PVCs) and load balancers (Services / Ingresses) attached to instances,
 * in a runtime's namespace. Every operation authorises the caller on the runtime (or instance)
 * and on the resource's row (other workspaces get NOT_FOUND), validates before contacting the
 * cluster, and has a worker carry out the cluster side as a short job (the API never opens
 * credentials). Rows are written only after the cluster accepted the change.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { InstanceStatus, Provider } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { Runtime } from '../../entities/runtime.entity';
import { RuntimeResource, RuntimeResourceKind } from '../../entities/runtime-resource.entity';
import { User } from '../../entities/user.entity';
import type { KubeObject, ObjectRef } from '../../drivers/kubernetes/kube-object.types';
import { refOf } from '../../drivers/kubernetes/kube-object.types';
import type { EventHub } from '../../events/event-hub';
import type { JobHooks } from '../../jobs/job-hooks';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { NameTakenFailure, nameTakenOnConflict, notFound, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import { readableInstance } from '../instances/instance-access';
import { writableRuntime } from '../instances/instance-deploy';
import { runShortJob } from '../instances/short-job';
import { tenancy } from '../tenancy';
import {
  configData,
  configFileSpec,
  loadBalancerSpec,
  volumeSpec,
  type LoadBalancerInputShape,
} from './resource-input';
import { addressesOf, claimOf, claimPhase, configMapOf, loadBalancerOf, type Owner } from './resource-objects';
import { RESOURCES_TASK_ACTION, type ResourcesTaskInput, type ResourcesTaskResult } from './resource-task';

export interface ResourceDeps {
  readonly events: EventHub;
  readonly hooks: JobHooks;
  /** How long a request waits for the worker (default: the short-job deadline). */
  readonly deadlineMs?: number;
}

/** A volume with its live phase. */
export interface VolumeView {
  readonly resource: RuntimeResource;
  readonly phase: string;
}

const KIND_LABEL: Readonly<Record<RuntimeResourceKind, string>> = {
  CONFIG_FILE: 'Config file',
  VOLUME: 'Volume',
  LOAD_BALANCER: 'Load balancer',
};

export class RuntimeResourceService {
  constructor(private readonly deps: ResourceDeps) {}

  // ---- reads ----

  /** Resources of `kind` in a runtime the caller may read, by name. */
  async list(
    em: EntityManager,
    actor: Actor,
    runtimeId: string,
    kind: RuntimeResourceKind,
  ): Promise<RuntimeResource[]> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const runtime = await this.readableRuntime(em, actor, runtimeId);
    return em.find(
      RuntimeResource,
      { $and: [tenancy.readFilter<RuntimeResource>(actor), { runtime: runtime.id, kind }] },
      { orderBy: { name: 'asc' } },
    );
  }

  async get(em: EntityManager, actor: Actor, id: string, kind: RuntimeResourceKind): Promise<RuntimeResource> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const row = isUuid(id) ? await em.findOne(RuntimeResource, { id, kind }) : null;
    return tenancy.assertReadable(actor, row, KIND_LABEL[kind], id);
  }

  /** Volumes of a runtime with the phase the cluster reports now. */
  async volumes(em: EntityManager, actor: Actor, runtimeId: string): Promise<VolumeView[]> {
    const rows = await this.list(em, actor, runtimeId, RuntimeResourceKind.VOLUME);
    if (rows.length === 0) return [];
    const answer = await this.run(em, actor, rows[0].runtime.id, rows[0].namespace, {
      read: rows.map((r) => claimRef(r.name, r.namespace)),
    });
    if (answer instanceof ValidationFailure) return rows.map((resource) => ({ resource, phase: 'Unknown' }));
    return rows.map((resource, i) => ({ resource, phase: claimPhase(answer.read[i]) }));
  }

  // ---- config files ----

  async createConfigFile(
    em: EntityManager,
    actor: Actor,
    input: { runtimeId: string; name: string; data: unknown },
  ): Promise<RuntimeResource | ValidationFailure | NameTakenFailure> {
    const spec = configFileSpec(input.name, input.data);
    if (spec instanceof ValidationFailure) return spec;
    return this.create(em, actor, input.runtimeId, null, RuntimeResourceKind.CONFIG_FILE, { ...spec }, (ns, owner) =>
      configMapOf(spec, ns, owner),
    );
  }

  /** Replaces the files of a config file in place (keys not given are removed). */
  async updateConfigFile(
    em: EntityManager,
    actor: Actor,
    id: string,
    data: unknown,
  ): Promise<RuntimeResource | ValidationFailure> {
    const row = await this.writableRow(em, actor, id, RuntimeResourceKind.CONFIG_FILE);
    const problems: { path: string; message: string }[] = [];
    const files = configData(data, problems);
    if (problems.length) return new ValidationFailure(problems[0].message, problems, 'INVALID_INPUT');
    const object = configMapOf({ name: row.name, data: files }, row.namespace, ownerOf(row));
    const answer = await this.run(em, actor, row.runtime.id, row.namespace, { write: [{ object, mode: 'replace' }] });
    if (answer instanceof ValidationFailure) return answer;
    row.spec = { name: row.name, data: files };
    await em.flush();
    return row;
  }

  // ---- volumes ----

  async createVolume(
    em: EntityManager,
    actor: Actor,
    input: { runtimeId: string; name: string; size: string; storageClass?: string | null; accessMode?: string | null },
  ): Promise<VolumeView | ValidationFailure | NameTakenFailure> {
    const spec = volumeSpec(input);
    if (spec instanceof ValidationFailure) return spec;
    const created = await this.create(
      em,
      actor,
      input.runtimeId,
      null,
      RuntimeResourceKind.VOLUME,
      { ...spec },
      (ns, owner) => claimOf(spec, ns, owner),
    );
    if (!(created instanceof RuntimeResource)) return created;
    return { resource: created, phase: String(created.observed?.phase ?? 'Pending') };
  }

  // ---- load balancers ----

  async addLoadBalancer(
    em: EntityManager,
    actor: Actor,
    instanceId: string,
    input: LoadBalancerInputShape,
  ): Promise<RuntimeResource | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const instance = tenancy.assertWritable(
      actor,
      await readableInstance(em, actor, instanceId),
      'Instance',
      instanceId,
    );
    if (instance.status === InstanceStatus.DELETED || instance.status === InstanceStatus.CEASED)
      return new ValidationFailure(
        `Instance "${instance.name}" is ${instance.status}: load balancers are added to deployed instances`,
        [{ path: 'instanceId', message: `the instance is ${instance.status}` }],
      );
    const spec = loadBalancerSpec(input, { 'app.kubernetes.io/instance': instance.name });
    if (spec instanceof ValidationFailure) return spec;
    return this.create(
      em,
      actor,
      instance.runtime.id,
      instance,
      RuntimeResourceKind.LOAD_BALANCER,
      { ...spec },
      (ns, owner) => loadBalancerOf(spec, ns, owner),
    );
  }

  // ---- removal ----

  /** Deletes a resource's object and row (the object being gone already is fine). */
  async remove(
    em: EntityManager,
    actor: Actor,
    id: string,
    kind: RuntimeResourceKind,
  ): Promise<ValidationFailure | true> {
    const row = await this.writableRow(em, actor, id, kind);
    const answer = await this.run(em, actor, row.runtime.id, row.namespace, { remove: [objectRefOf(row)] });
    if (answer instanceof ValidationFailure) return answer;
    await em.nativeDelete(RuntimeResource, { id: row.id });
    return true;
  }

  /** deleteInstance(removeAttached: true): removes the load balancers attached to the instance. */
  async removeAttached(em: EntityManager, actor: Actor, instance: Instance): Promise<ValidationFailure | number> {
    const rows = await em.find(RuntimeResource, { instance: instance.id });
    if (rows.length === 0) return 0;
    const answer = await this.run(em, actor, instance.runtime.id, rows[0].namespace, { remove: rows.map(objectRefOf) });
    if (answer instanceof ValidationFailure) return answer;
    await em.nativeDelete(RuntimeResource, { id: { $in: rows.map((r) => r.id) } });
    return rows.length;
  }

  // ---- internals ----

  private async readableRuntime(em: EntityManager, actor: Actor, id: string): Promise<Runtime> {
    const runtime = isUuid(id) ? await em.findOne(Runtime, { id, status: 'active' }) : null;
    return tenancy.assertReadable(actor, runtime, 'Runtime', id);
  }

  private async writableRow(em: EntityManager, actor: Actor, id: string, kind: RuntimeResourceKind) {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const row = isUuid(id) ? await em.findOne(RuntimeResource, { id, kind }, { populate: ['runtime'] }) : null;
    return tenancy.assertWritable(actor, row, KIND_LABEL[kind], id);
  }

  private async create(
    em: EntityManager,
    actor: Actor,
    runtimeId: string,
    instance: Instance | null,
    kind: RuntimeResourceKind,
    spec: Record<string, unknown>,
    build: (namespace: string, owner: Owner) => KubeObject,
  ): Promise<RuntimeResource | ValidationFailure | NameTakenFailure> {
    const runtime = await writableRuntime(em, actor, runtimeId);
    if (runtime.provider !== Provider.KUBERNETES)
      return new ValidationFailure(`Runtime "${runtime.name}" is not a Kubernetes runtime`, [
        { path: 'runtimeId', message: 'runtime resources live on Kubernetes runtimes' },
      ]);
    const name = String(spec.name);
    const taken = () =>
      new NameTakenFailure(`${KIND_LABEL[kind]} "${name}" already exists on runtime "${runtime.name}"`);
    if (await em.count(RuntimeResource, { runtime: runtime.id, kind, name })) return taken();
    const namespace = runtime.namespace ?? 'default';
    const object = build(namespace, { workspaceId: runtime.workspace.id, instanceId: instance?.id ?? null });
    const answer = await this.run(em, actor, runtime.id, namespace, {
      write: [{ object, mode: 'create' }],
      nodeAddresses: kind === RuntimeResourceKind.LOAD_BALANCER,
    });
    if (answer instanceof ValidationFailure)
      return /already exists|KUBE_CONFLICT/i.test(answer.message)
        ? new NameTakenFailure(`${object.kind} "${name}" already exists in namespace ${namespace}`)
        : answer;
    const live = answer.written[0] ?? null;
    return nameTakenOnConflict(async () => {
      const row = em.create(RuntimeResource, {
        owner: em.getReference(User, actor.userId),
        workspace: runtime.workspace,
        runtime,
        instance,
        kind,
        name,
        namespace,
        spec,
        observed: observedOf(kind, live, answer.nodeAddresses),
      });
      await em.flush();
      return row;
    }, taken);
  }

  /** Runs one `kube.resources` task on a worker; a refusal of the cluster is a ValidationFailure. */
  private async run(
    em: EntityManager,
    actor: Actor,
    runtimeId: string,
    namespace: string,
    task: Omit<ResourcesTaskInput, 'runtimeId' | 'namespace'>,
  ): Promise<ResourcesTaskResult | ValidationFailure> {
    const runtime = await em.findOneOrFail(Runtime, runtimeId);
    const input: ResourcesTaskInput = { runtimeId, namespace, ...task };
    const answer = await runShortJob(
      em,
      this.deps,
      {
        action: 'runtime-resources',
        subject: `runtime:${runtimeId}`,
        ownerId: actor.userId,
        workspaceId: runtime.workspace.id,
        input: { runtimeId, namespace },
        tasks: [{ key: 'resources', action: RESOURCES_TASK_ACTION, input: { ...input }, maxAttempts: 2 }],
      },
      this.deps.deadlineMs,
    );
    if (!answer.ok)
      return new ValidationFailure(`The cluster refused the change: ${answer.error}`, [
        { path: 'cluster', message: answer.error },
      ]);
    return answer.result as unknown as ResourcesTaskResult;
  }
}

function ownerOf(row: RuntimeResource): Owner {
  return { workspaceId: row.workspace.id, instanceId: row.instance?.id ?? null };
}

function claimRef(name: string, namespace: string): ObjectRef {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace };
}

/** The object of a resource row, from its kind and spec. */
function objectRefOf(row: RuntimeResource): ObjectRef {
  switch (row.kind) {
    case RuntimeResourceKind.CONFIG_FILE:
      return { apiVersion: 'v1', kind: 'ConfigMap', name: row.name, namespace: row.namespace };
    case RuntimeResourceKind.VOLUME:
      return claimRef(row.name, row.namespace);
    case RuntimeResourceKind.LOAD_BALANCER:
      return row.spec.layer === 'L7'
        ? { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: row.name, namespace: row.namespace }
        : { apiVersion: 'v1', kind: 'Service', name: row.name, namespace: row.namespace };
  }
}

function observedOf(kind: RuntimeResourceKind, live: KubeObject | null, nodes: readonly string[]) {
  if (kind === RuntimeResourceKind.VOLUME) return { phase: claimPhase(live) };
  if (kind === RuntimeResourceKind.LOAD_BALANCER)
    return { addresses: addressesOf(live, nodes), ref: live ? refOf(live, null) : null };
  return null;
}
