/**
 * The repository steps of a sync job in the order the job runs them (services/repos/repo-sync.runner:
 * fetch, parse, plan against the stored state), without the database: for suites and benchmarks
 * that check the library steps against real servers.
 */
import {
  diffIndex,
  fetchIndex,
  indexChecksum,
  readFetchedIndex,
  type IndexFormat,
  type RepoReader,
  type RepoSyncState,
  type SyncPlan,
  type SyncUnchanged,
} from '../../src/repos';

export async function planRepoSync(
  repo: RepoReader,
  state: RepoSyncState,
  format: IndexFormat = 'helm',
): Promise<SyncPlan | SyncUnchanged> {
  const fetched = await fetchIndex(repo, state);
  if (fetched.kind === 'unchanged') return fetched;
  return { ...diffIndex(state, readFetchedIndex(fetched.raw, format), fetched.checksum), etag: fetched.etag };
}

/** Plans from index bytes already at hand (no fetch): the parse and plan steps. */
export function planFromBytes(state: RepoSyncState, raw: Buffer, format: IndexFormat = 'helm'): SyncPlan {
  return diffIndex(state, readFetchedIndex(raw, format), indexChecksum(raw));
}
