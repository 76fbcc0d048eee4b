/**
 * Connects the database to pub/sub: changes recorded inside a transaction are published after
 * that transaction commits (re-read from the database, so a rolled-back savepoint never
 * publishes a ghost), and subscribers get "stored history, then live" streams without gaps.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { ReviewStage } from '../entities/enums';
import { readVersionNotifications } from '../data/notifications/version-notification.query';
import { AfterCommitCollector, emptyEffects, type CommitEffects } from './after-commit';
import { AsyncQueue } from './async-queue';
import { topics, type InstanceEvent, type JobUpdate, type Topic, type VersionNotification } from './event-topics';
import { readInstanceEvents, readInstanceEventsByIds } from '../data/events/instance-event.log';
import { readJobSnapshot, readJobSnapshots } from '../data/jobs/job-snapshot.query';
import type { PubSub, Unsubscribe } from './pubsub';

const REPLAY_PAGE = 500;

/** What a transaction announces (ids of rows it wrote/changed). */
export interface Announcement {
  readonly instanceEventIds?: readonly string[];
  readonly jobIds?: readonly string[];
  /** Version transitions to notify: the audit row and the review stages it concerns. */
  readonly versionNotices?: readonly { readonly auditId: string; readonly stages: readonly ReviewStage[] }[];
}

/** Called in this process once per committed version transition (log notifier, metrics…). */
export type VersionNotificationListener = (notification: VersionNotification) => Promise<void>;

/**
 * Whatever announces committed changes: the EventHub in a running process. Required wherever rows
 * that subscribers follow are written (jobs, tasks, instance events), so a writer cannot forget it.
 */
export interface CommitAnnouncer {
  /**
   * Publishes the announced rows after `em`'s root transaction commits (nothing on rollback);
   * outside a transaction (the rows are already committed) publishes before resolving.
   */
  announce(em: EntityManager, what: Announcement): Promise<void>;
}

/**
 * One per process and ORM: `attach` registers its after-commit collector on the ORM's event
 * manager (shared by every fork and transaction), and the hub is then handed to whoever writes
 * (services, the job engine) — it is never looked up.
 */
export class EventHub implements CommitAnnouncer {
  private static readonly byEventManager = new WeakMap<object, EventHub>();
  private readonly collector: AfterCommitCollector;
  private detached = false;
  private inFlight = new Set<Promise<void>>();
  private readonly listeners: VersionNotificationListener[] = [];

  private constructor(
    private readonly orm: MikroORM,
    readonly pubsub: PubSub,
    private readonly logger?: Logger,
  ) {
    this.collector = new AfterCommitCollector((effects) => this.track(this.publishEffects(effects)));
  }

  /** Creates the hub for `orm` (or returns the existing one) and starts publishing after commits. */
  static attach(orm: MikroORM, pubsub: PubSub, logger?: Logger): EventHub {
    const eventManager = orm.em.getEventManager();
    const existing = EventHub.byEventManager.get(eventManager);
    if (existing && !existing.detached) return existing;
    const hub = new EventHub(orm, pubsub, logger);
    eventManager.registerSubscriber(hub.collector);
    EventHub.byEventManager.set(eventManager, hub);
    return hub;
  }

  /**
   * Publishes the announced rows after `em`'s root transaction commits; outside a transaction
   * (the rows are already committed) publishes before resolving. Throws when `em` belongs to
   * another ORM (its commits would never reach this hub).
   */
  async announce(em: EntityManager, what: Announcement): Promise<void> {
    if (!em.getEventManager().getSubscribers().has(this.collector))
      throw new Error('This EntityManager belongs to an ORM the event hub is not attached to');
    const pending = this.collector.effectsOf(em);
    const effects = pending ?? emptyEffects();
    for (const id of what.instanceEventIds ?? []) effects.instanceEventIds.add(id);
    for (const id of what.jobIds ?? []) effects.jobIds.add(id);
    for (const notice of what.versionNotices ?? []) effects.versionNotices.set(notice.auditId, notice.stages);
    if (!pending) await this.track(this.publishEffects(effects));
  }

  /** Adds a listener called (in this process) with every version notification this process commits. */
  onVersionNotification(listener: VersionNotificationListener): void {
    this.listeners.push(listener);
  }

  /**
   * Live version notifications published on any of `selected` (no replay), each delivered once
   * even when it was published on several of them. Resolves once every subscription is active.
   */
  async subscribeVersionNotifications(selected: readonly Topic[]): Promise<AsyncIterableIterator<VersionNotification>> {
    const unsubscribes: Unsubscribe[] = [];
    const queue = new AsyncQueue<VersionNotification>(async () => {
      await Promise.all(unsubscribes.map((u) => u()));
    });
    const seen = new Set<string>();
    const offer = (n: VersionNotification) => {
      if (seen.has(n.id)) return;
      seen.add(n.id);
      if (seen.size > 1024) seen.delete(seen.values().next().value as string);
      queue.push(n);
    };
    for (const topic of new Set(selected)) {
      const channel = topic as `apps.${string}`;
      unsubscribes.push(await this.pubsub.subscribe(channel, offer));
    }
    return queue;
  }

  /**
   * The instance's events with `seq > sinceSeq`: first from the stored log, then live, in `seq`
   * order without gaps or duplicates. Resolves once the live subscription is active.
   */
  async subscribeInstanceEvents(instanceId: string, sinceSeq = 0): Promise<AsyncIterableIterator<InstanceEvent>> {
    let last = sinceSeq;
    let chain: Promise<void> = Promise.resolve();
    let unsubscribe: Unsubscribe | undefined;
    const queue = new AsyncQueue<InstanceEvent>(() => unsubscribe?.());
    const deliver = async (upto: number | undefined): Promise<void> => {
      for (;;) {
        if (queue.isEnded) return;
        const page = await readInstanceEvents(this.orm.em.fork(), instanceId, last, REPLAY_PAGE, upto);
        for (const event of page) {
          queue.push(event);
          last = event.seq;
        }
        if (page.length < REPLAY_PAGE) return;
      }
    };
    const run = (step: () => Promise<void>) => {
      chain = chain.then(step).catch((err: unknown) => queue.fail(err));
    };
    unsubscribe = await this.pubsub.subscribe(topics.instance(instanceId), (event) => {
      run(async () => {
        if (event.seq <= last) return;
        if (event.seq === last + 1) {
          queue.push(event);
          last = event.seq;
          return;
        }
        await deliver(event.seq); // a gap: the missing events are committed, read them from the log
      });
    });
    run(() => deliver(undefined));
    return queue;
  }

  /**
   * The job's current snapshot, then every newer snapshot as the job changes (by `version`).
   * Resolves once live; the stream fails with an error when the job does not exist.
   */
  async subscribeJob(jobId: string): Promise<AsyncIterableIterator<JobUpdate>> {
    let lastVersion = -1;
    let snapshotRead = false;
    const early: JobUpdate[] = [];
    let unsubscribe: Unsubscribe | undefined;
    const queue = new AsyncQueue<JobUpdate>(() => unsubscribe?.());
    const offer = (update: JobUpdate) => {
      if (update.version <= lastVersion) return;
      lastVersion = update.version;
      queue.push(update);
    };
    unsubscribe = await this.pubsub.subscribe(topics.job(jobId), (update) =>
      snapshotRead ? offer(update) : early.push(update),
    );
    void readJobSnapshot(this.orm.em.fork(), jobId)
      .then((snapshot) => {
        if (!snapshot) throw new Error(`Job ${jobId} does not exist`);
        offer(snapshot);
        snapshotRead = true;
        for (const update of early.splice(0)) offer(update);
      })
      .catch((err: unknown) => queue.fail(err));
    return queue;
  }

  /**
   * Live instance events (no replay) of the given workspaces, or of every instance (`'all'`).
   * Resolves once every subscription is active.
   */
  async subscribeWorkspaceInstanceEvents(
    workspaceIds: readonly string[] | 'all',
  ): Promise<AsyncIterableIterator<InstanceEvent>> {
    const unsubscribes: Unsubscribe[] = [];
    const queue = new AsyncQueue<InstanceEvent>(async () => {
      await Promise.all(unsubscribes.map((u) => u()));
    });
    const selected = workspaceIds === 'all' ? [topics.allInstances()] : workspaceIds.map((id) => topics.workspace(id));
    for (const topic of selected) unsubscribes.push(await this.pubsub.subscribe(topic, (event) => queue.push(event)));
    return queue;
  }

  /** Stops publishing for this ORM and waits for publications in flight. */
  async detach(): Promise<void> {
    this.detached = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async publishEffects(effects: CommitEffects): Promise<void> {
    if (this.detached) return;
    const em = this.orm.em.fork();
    try {
      for (const { workspaceId, ...event } of await readInstanceEventsByIds(em, [...effects.instanceEventIds])) {
        await this.pubsub.publish(topics.instance(event.instanceId), event);
        await this.pubsub.publish(topics.workspace(workspaceId), event);
        await this.pubsub.publish(topics.allInstances(), event);
      }
      for (const update of await readJobSnapshots(em, [...effects.jobIds])) {
        await this.pubsub.publish(topics.job(update.jobId), update);
      }
      for (const notification of await readVersionNotifications(em, effects.versionNotices))
        await this.publishNotification(notification);
    } catch (err) {
      // Committed data stays authoritative: subscribers gap-fill instance events from the log.
      this.logger?.error({ err, jobIds: [...effects.jobIds] }, 'publishing committed changes failed');
    }
  }

  private async publishNotification(notification: VersionNotification): Promise<void> {
    await this.pubsub.publish(topics.workspaceApps(notification.workspaceId), notification);
    for (const stage of notification.stages) await this.pubsub.publish(topics.reviewStage(stage), notification);
    for (const listener of this.listeners) {
      try {
        await listener(notification);
      } catch (err) {
        this.logger?.error({ err, auditId: notification.id }, 'version notification listener failed');
      }
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }
}
