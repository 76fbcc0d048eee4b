/**
 * The instance service (PRODUCT.md H1, H4, H5): one entry point per GraphQL operation, each a
 * small module of this folder. Every mutation authorises the caller against the instance's
 * workspace (others get NOT_FOUND), validates before writing, and writes the instance change,
 * its job (tasks from the planner) and the outbox rows in one transaction. Expected refusals are
 * returned as failures (ValidationFailure, NameTakenFailure, InvalidStateFailure).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import type { Instance } from '../../entities/instance.entity';
import type { Runtime } from '../../entities/runtime.entity';
import type { InstanceRevision } from '../../entities/instance-revision.entity';
import { Job } from '../../entities/job.entity';
import type { EventHub } from '../../events/event-hub';
import type { JobHooks } from '../../jobs/job-hooks';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import type { InvalidStateFailure } from '../errors';
import { isUuid } from '../ids';
import type { JobView, JobViewService } from '../job-view.service';
import type { Page, PageArgs } from '../pagination';
import {
  ceaseInstancesOfRuntime,
  changeInstance,
  rollbackInstance,
  updateInstanceConfig,
  upgradeInstance,
  type ChangeOutcome,
  type PlainAction,
} from './instance-change';
import { resizeInstance, scaleInstance, type RoleResource, type ScaleRequest } from './instance-scale';
import { deployInstance, type AppKeyIssuer, type DeployOutcome, type DeployRequest } from './instance-deploy';
import { cancelInstanceJob, resetInstanceTransition, retryInstanceJob } from './instance-jobs';
import { adoptRelease } from './instance-adopt';
import type { OperationDeps } from './instance-operation';
import { previewDeploy, previewInstanceUpgrade, type PreviewDeps, type PreviewOutcome } from './instance-preview';
import type { InstancePorts } from './instance-ports';
import type { AppUploadService } from '../apps/app-upload.service';
import { deployYaml, upgradeYaml, type DeployYamlRequest } from './yaml/yaml-deploy';
import { getInstance, jobsOf, listInstances, revisionsOf, type InstanceFilter } from './instance-reads';

/** Readiness deadline of an operation unless configured. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 10 * 60_000;

export class InstanceService {
  private readonly deps: OperationDeps & PreviewDeps & { readonly appKeys?: AppKeyIssuer };

  constructor(
    events: EventHub,
    hooks: JobHooks,
    private readonly jobs: JobViewService,
    readonly ports: InstancePorts,
    timeoutMs = DEFAULT_OPERATION_TIMEOUT_MS,
    /** Issues each new instance's AppKey (services/app-keys); none when absent. */
    appKeys?: AppKeyIssuer,
  ) {
    this.deps = { events, hooks, ports, timeoutMs, appKeys };
  }

  previewDeploy(em: EntityManager, actor: Actor, input: DeployRequest): Promise<PreviewOutcome> {
    return previewDeploy(em, this.deps, actor, input);
  }

  previewUpgrade(
    em: EntityManager,
    actor: Actor,
    id: string,
    versionId: string,
    config: unknown,
  ): Promise<PreviewOutcome> {
    return previewInstanceUpgrade(em, this.deps, actor, id, versionId, config);
  }

  adopt(
    em: EntityManager,
    actor: Actor,
    input: { runtimeId: string; namespace: string; name: string },
  ): Promise<DeployOutcome> {
    return adoptRelease(em, this.deps, actor, input);
  }

  deploy(em: EntityManager, actor: Actor, input: DeployRequest): Promise<DeployOutcome> {
    return deployInstance(em, this.deps, actor, input);
  }

  /** Raw YAML, checked by server dry run, deployed as an implicit private TEMPLATE app (./yaml/yaml-deploy). */
  deployYaml(
    em: EntityManager,
    actor: Actor,
    input: DeployYamlRequest,
    uploads: AppUploadService,
  ): Promise<DeployOutcome> {
    return deployYaml(em, { ...this.deps, uploads }, actor, input);
  }

  upgradeYaml(
    em: EntityManager,
    actor: Actor,
    id: string,
    yaml: string,
    uploads: AppUploadService,
  ): Promise<ChangeOutcome> {
    return upgradeYaml(em, { ...this.deps, uploads }, actor, id, yaml);
  }

  upgrade(em: EntityManager, actor: Actor, id: string, versionId: string, config: unknown): Promise<ChangeOutcome> {
    return upgradeInstance(em, this.deps, actor, id, versionId, config);
  }

  rollback(em: EntityManager, actor: Actor, id: string, revision?: number | null): Promise<ChangeOutcome> {
    return rollbackInstance(em, this.deps, actor, id, revision);
  }

  updateConfig(em: EntityManager, actor: Actor, id: string, config: unknown): Promise<ChangeOutcome> {
    return updateInstanceConfig(em, this.deps, actor, id, config);
  }

  /** VM instances: add or remove nodes of a role. */
  scale(em: EntityManager, actor: Actor, id: string, req: ScaleRequest): Promise<ChangeOutcome> {
    return scaleInstance(em, this.deps, actor, id, req);
  }

  /** VM instances: cpu/memory/volume size of roles. */
  resize(em: EntityManager, actor: Actor, id: string, roles: readonly RoleResource[]): Promise<ChangeOutcome> {
    return resizeInstance(em, this.deps, actor, id, roles);
  }

  /** stop, start, delete, recover, cease. */
  change(em: EntityManager, actor: Actor, id: string, action: PlainAction): Promise<ChangeOutcome> {
    return changeInstance(em, this.deps, actor, id, action);
  }

  /** The `ceaseLive` step of deleteRuntime(force) for `actor`: ceases the runtime's live instances. */
  ceaserFor(actor: Actor): (tx: EntityManager, runtime: Runtime) => Promise<void> {
    return (tx, runtime) => ceaseInstancesOfRuntime(tx, this.deps, actor, runtime);
  }

  /**
   * retryJob: instance jobs re-take their instance's lock (InvalidStateFailure when they cannot);
   * other jobs go to the job service.
   */
  async retryJob(em: EntityManager, actor: Actor, jobId: string): Promise<JobView | InvalidStateFailure> {
    const job = await this.instanceJob(em, actor, jobId);
    if (!job) return this.jobs.retry(em, actor, jobId);
    const refused = await em.transactional((tx) => retryInstanceJob(tx, this.deps, actor, job));
    return refused ?? this.jobs.get(em.fork(), actor, jobId);
  }

  /** cancelJob: for instance jobs, the cancellation settles the instance in the same transaction. */
  async cancelJob(em: EntityManager, actor: Actor, jobId: string): Promise<JobView> {
    const job = await this.instanceJob(em, actor, jobId);
    if (!job) return this.jobs.cancel(em, actor, jobId);
    await em.transactional((tx) => cancelInstanceJob(tx, this.deps, actor, job));
    return this.jobs.get(em.fork(), actor, jobId);
  }

  resetTransition(em: EntityManager, actor: Actor, id: string): Promise<Instance> {
    actor.require(PERMISSIONS.INSTANCE_ADMIN);
    return em.transactional((tx) => resetInstanceTransition(tx, this.deps, actor, id));
  }

  get(em: EntityManager, actor: Actor, id: string): Promise<Instance> {
    return getInstance(em, actor, id);
  }

  list(em: EntityManager, actor: Actor, filter: InstanceFilter, page: PageArgs): Promise<Page<Instance>> {
    return listInstances(em, actor, filter, page);
  }

  /** Revisions of an instance the caller already read. */
  revisions(em: EntityManager, instance: Instance): Promise<InstanceRevision[]> {
    return revisionsOf(em, instance.id);
  }

  /** The chart defaults with the instance's overrides coalesced onto them (an instance the caller already read). */
  async effectiveConfig(em: EntityManager, instance: Instance): Promise<Record<string, unknown>> {
    const version = await em.findOneOrFail(AppVersion, instance.version.id);
    return this.ports.effectiveValues(em, version, instance.config ?? {});
  }

  /** Jobs of an instance the caller already read, newest first. */
  jobsOf(em: EntityManager, instance: Instance, page: PageArgs): Promise<Page<Job>> {
    return jobsOf(em, instance.id, page);
  }

  /** The job when it belongs to an instance; NOT_FOUND when the caller cannot read it (writes are checked on the instance). */
  private async instanceJob(em: EntityManager, actor: Actor, jobId: string): Promise<Job | null> {
    if (!isUuid(jobId)) return null;
    await this.jobs.get(em, actor, jobId);
    const job = await em.findOne(Job, jobId, { refresh: true });
    return job?.instance ? job : null;
  }
}
