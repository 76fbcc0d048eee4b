import { createHash } from 'node:crypto';
import { parseRepoIndex } from '../index/repo-index.parse';
import { IndexError } from '../index/repo-index.types';
import type { RepoReader } from '../repo-backend';
import { RepoError } from '../repo-errors';
import { INDEX_FILE } from '../repo-backend';
import { diffIndex, type RepoSyncState, type SyncPlan, type SyncUnchanged } from './index-diff';

/** SHA-256 hex of the raw index bytes: equal bytes mean nothing to do. */
export function indexChecksum(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Checksum of an empty repository (no index.yaml in an S3 bucket). */
export const EMPTY_INDEX_CHECKSUM = indexChecksum(Buffer.alloc(0));

/**
 * Plans a sync from raw index bytes (null: the repository has no index, i.e. is empty):
 * unchanged bytes short-circuit before any parsing; otherwise the index is parsed and
 * diffed. Throws RepoError BAD_INDEX_YAML for an unreadable index.
 */
export function planSync(previous: RepoSyncState, raw: Buffer | null): SyncPlan | SyncUnchanged {
  const checksum = raw === null ? EMPTY_INDEX_CHECKSUM : indexChecksum(raw);
  if (previous.checksum === checksum) return { kind: 'unchanged', checksum, by: 'checksum' };
  if (raw === null) return diffIndex(previous, { format: 'helm', apiVersion: 'v1', entries: new Map(), skipped: [] }, checksum);
  try {
    return diffIndex(previous, parseRepoIndex(raw), checksum);
  } catch (err) {
    if (err instanceof IndexError) throw new RepoError('BAD_INDEX_YAML', err.message);
    throw err;
  }
}

/**
 * Fetches index.yaml from a repository and plans the sync. With a stored checksum and ETag
 * the fetch is conditional: a 304 means unchanged without a download. Otherwise the bytes are
 * checksummed (equal → unchanged) and, only if they differ, parsed and diffed. An HTTP
 * repository must serve an index (INDEX_NOT_FOUND otherwise); an S3 repository without one is empty.
 */
export async function syncRepoIndex(repo: RepoReader, previous: RepoSyncState): Promise<SyncPlan | SyncUnchanged> {
  const etag = previous.checksum && previous.etag ? previous.etag : undefined;
  const read = await repo.readIfChanged(INDEX_FILE, etag);
  if (read.notModified) return { kind: 'unchanged', checksum: previous.checksum!, by: 'etag', etag };
  if (read.data === null && repo.location.kind === 'http') throw new RepoError('INDEX_NOT_FOUND', `${repo.location.base}${INDEX_FILE} was not found`);
  const plan = planSync(previous, read.data);
  return { ...plan, etag: read.etag };
}
