import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { CommitAnnouncer } from '../../events/event-hub';
import { advanceNextSync, claimDueRepos } from '../../data/repos/repo.queries';
import { failEventsOfEndedJobs } from '../../data/repos/repo-event.queries';
import { requestSync } from './repo-sync.enqueue';

/** Repos whose periodic sync is due, taken per tick (the rest follow on the next ticks). */
const BATCH = 50;

/**
 * Periodic repo syncs: every `tickMs` it requests a sync of each active repo whose
 * `nextSyncAt` has passed and moves `nextSyncAt` one period on. Safe with several worker
 * processes: due rows are claimed with FOR UPDATE SKIP LOCKED and a repo never has more than one
 * active sync (requestSync). Each tick also fails events whose job ended without finishing them
 * (e.g. every attempt crashed), so such a repo can sync again.
 */
export class RepoSyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly events: CommitAnnouncer,
    private readonly log: Logger,
    private readonly tickMs: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'repo sync scheduler tick failed'))
        .finally(() => (this.running = undefined));
    }, this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass; resolves with the number of syncs requested. */
  async tick(): Promise<number> {
    const em = this.orm.em.fork();
    await failEventsOfEndedJobs(em);
    return em.transactional(async (tx) => {
      const due = await claimDueRepos(tx, BATCH);
      let requested = 0;
      for (const repo of due) {
        const { created } = await requestSync(tx, this.events, { repoId: repo.id, workspaceId: repo.workspace_id });
        if (created) requested++;
        await advanceNextSync(tx, repo.id, repo.sync_period_seconds);
      }
      if (due.length > 0) this.log.info({ due: due.length, requested }, 'periodic repo syncs requested');
      return requested;
    });
  }
}
