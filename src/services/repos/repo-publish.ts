/**
 * Uploads into S3 repos are published after their rows commit: the upload's transaction writes
 * the version and a `repo.publish` job (its outbox row commits with them), and a worker then
 * publishes the archive (repo-publish.processor). A rolled-back upload therefore publishes
 * nothing. What can be known before committing — the repo is writable, the package has the
 * repo's format, the version is not in the bucket with other bytes — is checked up front.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Job } from '../../entities/job.entity';
import type { Repo } from '../../entities/repo.entity';
import type { CommitAnnouncer } from '../../events/event-hub';
import { isJobEngineError } from '../../jobs/errors';
import { createJob } from '../../jobs/job.service';
import { isWritable } from '../../repos/repo-backend';
import { RepoError } from '../../repos/repo-errors';
import { checkPublishable, type PublishOptions } from '../../repos/s3-repo.publisher';
import { ValidationFailure } from '../errors';
import type { Platform } from '../platform';
import { openStoredRepo } from './repo-access';
import { indexFormatFor } from './repo-input';

/** Job and task action of publishing an uploaded version into its S3 repo. */
export const REPO_PUBLISH_ACTION = 'repo.publish';

/** Input of a publish task: the version whose package goes into the repo. */
export interface RepoPublishTaskInput {
  readonly repoId: string;
  readonly versionId: string;
}

/** How the repo's packages are checked and published. */
export function publishOptions(platform: Platform, repo: Repo): PublishOptions {
  return {
    format: indexFormatFor(repo.providers),
    load: { limits: { maxArchiveBytes: platform.config.maxUploadBytes } },
  };
}

/**
 * Checks, without writing, that `archive` can be published to `repo`; the expected refusals
 * (READ_ONLY, PACKAGE_TYPE_MISMATCH, VERSION_EXISTS, an unreachable or denied bucket) come back
 * as a ValidationFailure with that code, undefined when the upload may proceed.
 */
export async function checkRepoUpload(
  em: EntityManager,
  platform: Platform,
  repo: Repo,
  archive: Buffer,
): Promise<ValidationFailure | undefined> {
  const refuse = (code: string, message: string) =>
    new ValidationFailure(message, [{ path: code === 'READ_ONLY' ? 'repoId' : 'package', message }], code);
  try {
    const backend = await openStoredRepo(em, platform, repo);
    if (!isWritable(backend)) return refuse('READ_ONLY', `Repo "${repo.name}" is read-only`);
    await checkPublishable(backend, archive, publishOptions(platform, repo));
    return undefined;
  } catch (err) {
    if (err instanceof RepoError) return refuse(err.code, `Publishing to repo "${repo.name}" failed: ${err.message}`);
    throw err;
  }
}

/**
 * Requests the publication of an uploaded version in `tx`'s transaction: the job and its outbox
 * row commit together with the version, or not at all.
 */
export async function requestPublish(
  tx: EntityManager,
  events: CommitAnnouncer,
  req: RepoPublishTaskInput & { readonly workspaceId: string; readonly ownerId: string },
): Promise<Job> {
  const input: RepoPublishTaskInput = { repoId: req.repoId, versionId: req.versionId };
  const job = await createJob(tx, events, {
    action: REPO_PUBLISH_ACTION,
    subject: `version:${req.versionId}`,
    ownerId: req.ownerId,
    workspaceId: req.workspaceId,
    input: { ...input },
    tasks: [
      {
        key: 'publish',
        action: REPO_PUBLISH_ACTION,
        target: req.repoId,
        input: { ...input },
        maxAttempts: 5,
        timeoutMs: 300_000,
      },
    ],
  });
  if (isJobEngineError(job)) throw job;
  return job;
}
