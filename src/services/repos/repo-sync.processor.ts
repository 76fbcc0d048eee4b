import type { EntityManager } from '@mikro-orm/postgresql';
import { done, type Processor } from '../../jobs/job.types';
import { stringInputs } from '../../jobs/task-input';
import type { Platform } from '../platform';
import { runRepoSync } from './repo-sync.runner';

/** The `repo.sync` task: runs the RepoEvent's sync; the task result is the sync outcome. */
export function repoSyncProcessor(platform: Platform): Processor {
  return async (ctx) => {
    const { repoId, eventId } = stringInputs(ctx.task, ['repoId', 'eventId']);
    const lastAttempt = ctx.task.attempt + 1 >= ctx.task.maxAttempts;
    const outcome = await runRepoSync(ctx.em as EntityManager, platform, repoId, eventId, {
      lastAttempt,
      checkpoint: () => ctx.checkpoint(),
    });
    ctx.logger.info({ repoId, eventId, outcome }, 'repo sync finished');
    return done({ ...outcome });
  };
}
