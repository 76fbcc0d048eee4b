/**
 * Repositories: S3 (read/write) and HTTP(S) (read-only) backends, validation, index.yaml
 * reading/writing, publishing to S3 without losing concurrent versions, and the pure sync
 * planning step the sync job applies.
 */
export * from './repo-errors';
export * from './repo-url';
export type { RepoCredential, RepoObject, RepoReader, RepoWriter } from './repo-backend';
export { isWritable } from './repo-backend';
export { openRepo, type RepoAccessOptions, type RepoSpec } from './repo-open';
export { validateRepo, INDEX_FILE, type RepoValidation, type RepoValidationInput } from './repo-validate';
export { HttpRepoBackend } from './http-repo.backend';
export { S3RepoBackend } from './s3-repo.backend';
export {
  checkPublishable,
  publishPackage,
  unpublishPackage,
  InvalidPackageError,
  type PublishCheck,
  type PublishOptions,
  type PublishResult,
} from './s3-repo.publisher';
export { adoptUnindexedPackages, rebuildIndex, listEntryRecords } from './s3-repo-index.rebuild';
export { fetchPackage, type FetchPackageOptions } from './package-fetch';
export {
  diffIndex,
  type AppUpsert,
  type RepoSyncState,
  type SyncPlan,
  type SyncUnchanged,
  type VersionUpsert,
} from './sync/index-diff';
export { fetchIndex, readFetchedIndex, indexChecksum, EMPTY_INDEX_CHECKSUM, type FetchedIndex } from './sync/repo-sync';
export { parseRepoIndex } from './index/repo-index.parse';
export { serializeIndex, goTimestamp, type WritableEntry } from './index/repo-index.write';
export { compareVersions, sortNewestFirst, parseVersion } from '../packages/package-version';
export type { IndexEntry, IndexFormat, RepoIndex } from './index/repo-index.types';
export { indexDirectory } from './index/directory-index';
