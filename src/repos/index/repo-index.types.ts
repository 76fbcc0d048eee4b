/** Which index dialect a repository uses. */
export type IndexFormat = 'helm' | 'vm';

export interface Maintainer {
  readonly name?: string;
  readonly email?: string;
  readonly url?: string;
}

/**
 * One package version listed in a repository index. Common fields are typed; `metadata`
 * keeps every metadata field as read (Chart.yaml fields for Helm, package.json fields for VM)
 * so nothing the index says is lost.
 */
export interface IndexEntry {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly description?: string;
  readonly home?: string;
  readonly icon?: string;
  readonly keywords: readonly string[];
  readonly sources: readonly string[];
  readonly maintainers: readonly Maintainer[];
  readonly deprecated: boolean;
  readonly urls: readonly string[];
  /** RFC 3339 timestamp text as written in the index. */
  readonly created?: string;
  /** Lower-case hex SHA-256 of the package archive (empty when the index has none). */
  readonly digest: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** An entry the index listed but we skipped, and why (Helm skips invalid entries too). */
export interface SkippedEntry {
  readonly name: string;
  readonly version: string;
  readonly reason: string;
}

/** A parsed repository index. `entries` maps package name → versions, newest first. */
export interface RepoIndex {
  readonly format: IndexFormat;
  readonly apiVersion: string;
  readonly generated?: string;
  readonly entries: ReadonlyMap<string, readonly IndexEntry[]>;
  readonly skipped: readonly SkippedEntry[];
}

/** Typed failure to read an index. */
export class IndexError extends Error {
  readonly code = 'BAD_INDEX_YAML';
  constructor(message: string) {
    super(message);
  }
}
