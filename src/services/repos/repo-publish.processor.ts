import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { Attachment } from '../../entities/attachment.entity';
import { VersionStatus } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { DriverError } from '../../jobs/errors';
import { done, type Processor } from '../../jobs/job.types';
import { isWritable } from '../../repos/repo-backend';
import { RepoError, type RepoErrorCode } from '../../repos/repo-errors';
import { publishPackage } from '../../repos/s3-repo.publisher';
import type { Platform } from '../platform';
import { openStoredRepo } from './repo-access';
import { stringInputs } from '../../jobs/task-input';
import { publishOptions } from './repo-publish';

/** Repository failures worth another attempt (the bucket may answer later). */
const TRANSIENT: ReadonlySet<RepoErrorCode> = new Set(['UNREACHABLE', 'INDEX_CONFLICT']);

/**
 * The `repo.publish` task: writes the version's uploaded package into its S3 repo and
 * regenerates index.yaml. Observe-first and idempotent (publishPackage re-publishes identical
 * bytes as a no-op), so a retried or duplicated task converges. A version or repo deleted in the
 * meantime is not published. Repository refusals fail the task with their code.
 */
export function repoPublishProcessor(platform: Platform): Processor {
  return async (ctx) => {
    const { repoId, versionId } = stringInputs(ctx.task, ['repoId', 'versionId']);
    const em = ctx.em as EntityManager;
    const version = await em.findOne(AppVersion, versionId, { refresh: true });
    const repo = await em.findOne(Repo, repoId, { refresh: true });
    if (!version || version.status === VersionStatus.DELETED || !repo || repo.status === 'deleted') {
      return done({ published: false, reason: 'the version or its repo was deleted' });
    }
    const archive = await uploadedArchive(em, platform, version);
    try {
      const backend = await openStoredRepo(em, platform, repo);
      if (!isWritable(backend)) throw new DriverError('READ_ONLY', `repo "${repo.name}" is read-only`, false);
      const result = await publishPackage(backend, archive, publishOptions(platform, repo));
      ctx.logger.info({ repoId, versionId, file: result.file, created: result.created }, 'package published');
      return done({ published: true, file: result.file, created: result.created, indexEntries: result.indexEntries });
    } catch (err) {
      if (err instanceof RepoError)
        throw new DriverError(
          err.code,
          `publishing to repo "${repo.name}" failed: ${err.message}`,
          TRANSIENT.has(err.code),
          { cause: err },
        );
      throw err;
    }
  };
}

async function uploadedArchive(em: EntityManager, platform: Platform, version: AppVersion): Promise<Buffer> {
  const attachment = version.packageAttachmentId ? await em.findOne(Attachment, version.packageAttachmentId) : null;
  const bytes = attachment ? await platform.blobs.get(attachment.sha256) : null;
  if (!bytes)
    throw new DriverError(
      'PACKAGE_MISSING',
      `the uploaded package of version ${version.id} is not in the blob store`,
      false,
    );
  return bytes;
}
