/**
 * Orphaned cloud resources of a runtime (issue 15, cleanup): instance administrators list the
 * VMs and volumes carrying Marina's tags that Marina no longer tracks, and remove them. The
 * cloud is only contacted by a worker (a short job the API awaits), which holds the opened
 * credential; the API checks the caller and the runtime first, and changes nothing itself.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Provider } from '../../entities/enums';
import { Runtime } from '../../entities/runtime.entity';
import type { EventHub } from '../../events/event-hub';
import type { JobHooks } from '../../jobs/job-hooks';
import {
  ORPHANS_LIST_ACTION,
  ORPHANS_REMOVE_ACTION,
  type OrphanRemovalResult,
} from '../../drivers/vm/orphans/orphan.processors';
import type { OrphanedResource } from '../../drivers/vm/orphans/orphan-scan';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { badInput, notFound, unavailable } from '../errors';
import { isUuid } from '../ids';
import { runShortJob } from '../instances/short-job';

/** At most this many ids per removal request. */
const MAX_IDS = 500;
/** A removal waits for every terminate/delete to be accepted; listing is one round trip. */
const REMOVAL_DEADLINE_MS = 120_000;

export class RuntimeOrphansService {
  constructor(
    private readonly deps: { readonly events: EventHub; readonly hooks: JobHooks },
    private readonly listDeadlineMs = 60_000,
    private readonly removeDeadlineMs = REMOVAL_DEADLINE_MS,
  ) {}

  async list(em: EntityManager, actor: Actor, runtimeId: string): Promise<OrphanedResource[]> {
    const runtime = await this.cloudRuntime(em, actor, runtimeId);
    const answer = await runShortJob(
      em,
      this.deps,
      this.job(actor, runtime, ORPHANS_LIST_ACTION, {}),
      this.listDeadlineMs,
    );
    if (!answer.ok) throw unavailable(`Listing the cloud resources of runtime ${runtime.name} failed: ${answer.error}`);
    return [...((answer.result.orphans as OrphanedResource[] | undefined) ?? [])];
  }

  /** Removes the orphans named by `ids` (every orphan when null); ids that are not orphans are reported, not touched. */
  async remove(
    em: EntityManager,
    actor: Actor,
    runtimeId: string,
    ids: readonly string[] | null,
  ): Promise<OrphanRemovalResult> {
    if (ids && ids.length === 0) throw badInput('ids is empty: omit it to remove every orphan');
    if (ids && ids.length > MAX_IDS) throw badInput(`At most ${MAX_IDS} ids per removal`);
    const runtime = await this.cloudRuntime(em, actor, runtimeId);
    const answer = await runShortJob(
      em,
      this.deps,
      this.job(actor, runtime, ORPHANS_REMOVE_ACTION, { ids: ids ? [...ids] : null }),
      this.removeDeadlineMs,
    );
    if (!answer.ok) throw unavailable(`Removing orphans of runtime ${runtime.name} failed: ${answer.error}`);
    const result = answer.result as Partial<OrphanRemovalResult>;
    return { removed: result.removed ?? [], skipped: result.skipped ?? [] };
  }

  private async cloudRuntime(em: EntityManager, actor: Actor, runtimeId: string): Promise<Runtime> {
    actor.require(PERMISSIONS.INSTANCE_ADMIN);
    const runtime = isUuid(runtimeId) ? await em.findOne(Runtime, runtimeId) : null;
    if (!runtime) throw notFound('Runtime', runtimeId);
    if (runtime.provider === Provider.KUBERNETES)
      throw badInput(
        `Runtime ${runtime.name} is a Kubernetes runtime: orphaned cloud resources belong to cloud runtimes`,
      );
    return runtime;
  }

  private job(actor: Actor, runtime: Runtime, action: string, input: Record<string, unknown>) {
    const taskInput = { runtimeId: runtime.id, ...input };
    return {
      action,
      subject: `runtime:${runtime.id}`,
      ownerId: actor.userId,
      workspaceId: runtime.workspace.id,
      input: taskInput,
      tasks: [{ key: 'orphans', action, input: taskInput, maxAttempts: 2, timeoutMs: 60_000 }],
    };
  }
}
