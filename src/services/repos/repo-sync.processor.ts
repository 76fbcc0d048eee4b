import type { EntityManager } from '@mikro-orm/postgresql';
import { done, type Processor } from '../../jobs/job.types';
import { DriverError } from '../../jobs/errors';
import type { Platform } from '../platform';
import type { RepoSyncTaskInput } from './repo-sync.enqueue';
import { runRepoSync } from './repo-sync.runner';

function taskInput(input: Readonly<Record<string, unknown>> | null): RepoSyncTaskInput {
  const repoId = input?.repoId;
  const eventId = input?.eventId;
  if (typeof repoId !== 'string' || typeof eventId !== 'string') throw new DriverError('BAD_TASK_INPUT', 'repo.sync needs repoId and eventId', false);
  return { repoId, eventId };
}

/** The `repo.sync` task: runs the RepoEvent's sync; the task result is the sync outcome. */
export function repoSyncProcessor(platform: Platform): Processor {
  return async (ctx) => {
    const { repoId, eventId } = taskInput(ctx.task.input);
    const lastAttempt = ctx.task.attempt + 1 >= ctx.task.maxAttempts;
    const outcome = await runRepoSync(ctx.em as EntityManager, platform, repoId, eventId, { lastAttempt, checkpoint: () => ctx.checkpoint() });
    ctx.logger.info({ repoId, eventId, outcome }, 'repo sync finished');
    return done({ ...outcome });
  };
}
