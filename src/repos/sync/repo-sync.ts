/**
 * The repository side of a sync, without the database: fetch index.yaml conditionally, parse
 * it, and (with diffIndex) plan the changes. The sync job (services/repos/repo-sync.runner)
 * composes these steps around its transaction; nothing else re-implements them.
 */
import { createHash } from 'node:crypto';
import { parseRepoIndex } from '../index/repo-index.parse';
import { IndexError, type IndexFormat, type RepoIndex } from '../index/repo-index.types';
import type { RepoReader } from '../repo-backend';
import { RepoError } from '../repo-errors';
import { INDEX_FILE } from '../repo-backend';
import type { RepoSyncState, SyncUnchanged } from './index-diff';

/** SHA-256 hex of the raw index bytes: equal bytes mean nothing to do. */
export function indexChecksum(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Checksum of an empty repository (no index.yaml in an S3 bucket). */
export const EMPTY_INDEX_CHECKSUM = indexChecksum(Buffer.alloc(0));

/** Index bytes that differ from the last synced ones (null: the repository has no index, i.e. is empty). */
export interface FetchedIndex {
  readonly kind: 'fetched';
  readonly raw: Buffer | null;
  readonly checksum: string;
  readonly etag?: string;
}

/**
 * Fetches index.yaml. With a stored checksum and ETag the fetch is conditional: a 304 means
 * unchanged without a download. Otherwise the bytes are checksummed, and equal bytes are
 * unchanged too. An HTTP repository must serve an index (INDEX_NOT_FOUND otherwise); an S3
 * repository without one is empty. Throws RepoError.
 */
export async function fetchIndex(
  repo: RepoReader,
  previous: Pick<RepoSyncState, 'checksum' | 'etag'>,
): Promise<FetchedIndex | SyncUnchanged> {
  const etag = previous.checksum && previous.etag ? previous.etag : undefined;
  const read = await repo.readIfChanged(INDEX_FILE, etag);
  if (read.notModified) return { kind: 'unchanged', checksum: previous.checksum!, by: 'etag', etag };
  if (read.data === null && repo.location.kind === 'http')
    throw new RepoError('INDEX_NOT_FOUND', `${repo.location.base}${INDEX_FILE} was not found`);
  const checksum = read.data === null ? EMPTY_INDEX_CHECKSUM : indexChecksum(read.data);
  if (checksum === previous.checksum) return { kind: 'unchanged', checksum, by: 'checksum', etag: read.etag };
  return { kind: 'fetched', raw: read.data, checksum, etag: read.etag };
}

/**
 * Parses fetched index bytes; an empty repository (null) has an empty index of `expected`
 * format. Throws RepoError BAD_INDEX_YAML for an unreadable index and INDEX_TYPE_MISMATCH when
 * the index is of the other format than `expected`.
 */
export function readFetchedIndex(raw: Buffer | null, expected: IndexFormat): RepoIndex {
  if (raw === null) return { format: expected, apiVersion: 'v1', entries: new Map(), skipped: [] };
  let index: RepoIndex;
  try {
    index = parseRepoIndex(raw);
  } catch (err) {
    if (err instanceof IndexError) throw new RepoError('BAD_INDEX_YAML', err.message);
    throw err;
  }
  if (index.format !== expected) {
    const name = (f: IndexFormat) => (f === 'vm' ? 'VM package' : 'Helm chart');
    throw new RepoError(
      'INDEX_TYPE_MISMATCH',
      `the index is a ${name(index.format)} index, but the repo's providers need a ${name(expected)} index`,
    );
  }
  return index;
}
