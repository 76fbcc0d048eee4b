import type { IndexEntry, IndexFormat, RepoIndex, SkippedEntry } from '../index/repo-index.types';

/**
 * What the database knows about a repository, as far as syncing needs it: the checksum of
 * the raw index last synced, and per app (keyed by package name within the repo) the
 * versions with their digests.
 */
export interface RepoSyncState {
  readonly checksum: string | null;
  /** ETag the index had when last synced (lets an unchanged index be skipped without a download). */
  readonly etag?: string | null;
  readonly apps: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** An app to upsert (repo + name is the key); metadata comes from its newest version. */
export interface AppUpsert {
  readonly name: string;
  readonly latest: IndexEntry;
  /** Versions in the index, newest first (SemVer order). */
  readonly versionCount: number;
}

export interface VersionUpsert {
  readonly app: string;
  readonly entry: IndexEntry;
  /** `create` for a new version, `update` when its digest changed. */
  readonly change: 'create' | 'update';
}

/** The work a sync job applies in one transaction. Every list is sorted for deterministic writes. */
export interface SyncPlan {
  readonly kind: 'changed';
  readonly checksum: string;
  /** ETag to store with the checksum, when the repository sent one. */
  readonly etag?: string;
  readonly format: IndexFormat;
  readonly apps: readonly AppUpsert[];
  readonly versions: readonly VersionUpsert[];
  readonly deleteVersions: readonly { readonly app: string; readonly version: string }[];
  readonly deleteApps: readonly string[];
  readonly unchangedVersions: number;
  readonly skipped: readonly SkippedEntry[];
}

export interface SyncUnchanged {
  readonly kind: 'unchanged';
  /** The stored checksum (unchanged). */
  readonly checksum: string;
  /** How the skip was decided: the server said 304 for the stored ETag, or the bytes hashed the same. */
  readonly by: 'etag' | 'checksum';
  readonly etag?: string;
}

/**
 * Pure diff between the stored state and a freshly parsed index: every app in the index is
 * upserted with its newest version's metadata; versions are created when new, updated when
 * their digest differs, left alone otherwise; stored versions and apps missing from the
 * index are listed for deletion. Deterministic; no I/O.
 */
export function diffIndex(previous: RepoSyncState, index: RepoIndex, checksum: string): SyncPlan {
  const apps: AppUpsert[] = [];
  const versions: VersionUpsert[] = [];
  const deleteVersions: { app: string; version: string }[] = [];
  let unchangedVersions = 0;
  for (const [name, list] of [...index.entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    apps.push({ name, latest: list[0], versionCount: list.length });
    const known = previous.apps.get(name);
    const present = new Set<string>();
    for (const entry of list) {
      present.add(entry.version);
      const digest = known?.get(entry.version);
      if (digest === undefined) versions.push({ app: name, entry, change: 'create' });
      else if (digest !== entry.digest) versions.push({ app: name, entry, change: 'update' });
      else unchangedVersions++;
    }
    for (const v of known?.keys() ?? []) if (!present.has(v)) deleteVersions.push({ app: name, version: v });
  }
  const deleteApps = [...previous.apps.keys()].filter((n) => !index.entries.has(n)).sort();
  for (const name of deleteApps)
    for (const v of previous.apps.get(name)!.keys()) deleteVersions.push({ app: name, version: v });
  return {
    kind: 'changed',
    checksum,
    format: index.format,
    apps,
    versions,
    deleteVersions,
    deleteApps,
    unchangedVersions,
    skipped: index.skipped,
  };
}
