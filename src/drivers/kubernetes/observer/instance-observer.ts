/**
 * The live-state observer of worker processes: every `intervalMs` it describes the settled
 * (ACTIVE, STOPPED, FAILED, no transition) Kubernetes instances — one connection per runtime,
 * at most `runtimeConcurrency` runtimes at once — and stores their resources, pods and
 * endpoints, emitting `resource.health` events only for health changes. Instances in a
 * transition are left to their job. Credentials are opened here, in the worker; a runtime that
 * cannot be reached is logged and tried again next round.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { InstanceDescription } from '../../runtime-driver.types';
import { openRuntimeTarget } from '../../runtime-target';
import type { SecretBox } from '../../../services/secrets/secret-box';
import type { KubeConnection } from '../kube-connection.types';
import type { KubernetesDriver } from '../kubernetes.driver';
import type { ReleasePort } from '../deploy/deploy-ports';
import { manifestObjects } from '../deploy/manifest-objects';
import { refOf } from '../kube-object.types';

/** One instance to observe. */
export interface ObservedInstance {
  readonly id: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly runtimeId: string;
}

/** Where observations are read from and written to (see ./observation.store.ts). */
export interface ObservationStore {
  /** Settled Kubernetes instances (ACTIVE, STOPPED, FAILED without a transition). */
  observable(em: EntityManager): Promise<ObservedInstance[]>;
  /**
   * Stores `description` on the instance (row-locked, in its own transaction) unless it entered
   * a transition meanwhile, and records a `resource.health` event per health change. Returns
   * how many changes were recorded (null when skipped).
   */
  save(em: EntityManager, instanceId: string, description: InstanceDescription): Promise<number | null>;
}

export interface InstanceObserverOptions {
  readonly orm: MikroORM;
  readonly secrets: SecretBox;
  readonly driver: KubernetesDriver;
  readonly releases: (conn: KubeConnection, namespace: string, name: string) => ReleasePort;
  readonly store: ObservationStore;
  readonly logger: Logger;
  /** Delay between two rounds (default 15 s). */
  readonly intervalMs?: number;
  /** Runtimes observed at once (default 4). */
  readonly runtimeConcurrency?: number;
}

export interface ObservationRound {
  readonly instances: number;
  readonly changes: number;
  readonly failedRuntimes: number;
}

export class InstanceObserver {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly opts: InstanceObserverOptions) {}

  /** Starts periodic rounds (the first one after one interval). */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops scheduling and waits for a running round. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  /** Observes every observable instance once. */
  async observeOnce(): Promise<ObservationRound> {
    const em = this.opts.orm.em.fork() as EntityManager;
    const instances = await this.opts.store.observable(em);
    const byRuntime = new Map<string, ObservedInstance[]>();
    for (const i of instances) byRuntime.set(i.runtimeId, [...(byRuntime.get(i.runtimeId) ?? []), i]);
    const results = await pool([...byRuntime], this.opts.runtimeConcurrency ?? 4, ([runtimeId, list]) =>
      this.observeRuntime(runtimeId, list),
    );
    return {
      instances: instances.length,
      changes: results.reduce<number>((n, r) => n + (r ?? 0), 0),
      failedRuntimes: results.filter((r) => r === null).length,
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.observeOnce()
        .catch((err: unknown) => this.opts.logger.error({ err }, 'instance observation round failed'))
        .finally(() => this.schedule());
    }, this.opts.intervalMs ?? 15_000);
    this.timer.unref();
  }

  /** Changes recorded, or null when the runtime could not be observed. */
  private async observeRuntime(runtimeId: string, instances: readonly ObservedInstance[]): Promise<number | null> {
    const em = this.opts.orm.em.fork() as EntityManager;
    let conn: KubeConnection | null = null;
    try {
      const target = await openRuntimeTarget(em, this.opts.secrets, runtimeId);
      conn = await this.opts.driver.connect(target);
      let changes = 0;
      for (const instance of instances) changes += (await this.observeInstance(em, conn, instance)) ?? 0;
      return changes;
    } catch (err) {
      this.opts.logger.warn({ err, runtimeId }, 'runtime could not be observed');
      return null;
    } finally {
      conn?.close();
    }
  }

  private async observeInstance(em: EntityManager, conn: KubeConnection, i: ObservedInstance) {
    const history = await this.opts.releases(conn, i.namespace, i.releaseName).history();
    const rev = [...history].reverse().find((r) => r.status === 'deployed') ?? history[history.length - 1];
    const refs = rev ? manifestObjects(rev.manifest).map((o) => refOf(o, i.namespace)) : [];
    const description = await conn.describe(refs);
    return this.opts.store.save(em.fork() as EntityManager, i.id, description);
  }
}

/** Runs `fn` over `items` with at most `limit` at once, results in order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
