import type { RepoLocation } from './repo-url';

/** The index every repository serves at its root. */
export const INDEX_FILE = 'index.yaml';

/** Read access to a repository's files (index.yaml, package archives). */
export interface RepoReader {
  readonly location: RepoLocation;
  /** A file by path relative to the repository root, or null when it does not exist. Throws RepoError. */
  read(path: string, maxBytes?: number): Promise<Buffer | null>;
  /**
   * Conditional read: `notModified` when the file still has ETag `etag`, else its bytes and
   * current ETag (null when absent). Lets an unchanged index be skipped without a download.
   */
  readIfChanged(path: string, etag: string | undefined): Promise<ConditionalRead>;
  /** Resolves a URL written in the index (relative or absolute) to how `fetchPackage` reaches it. */
  resolve(url: string): { readonly relative: string } | { readonly absolute: string };
}

export type ConditionalRead =
  | { readonly notModified: true }
  | { readonly notModified: false; readonly data: Buffer | null; readonly etag?: string };

/** One stored object of a writable repository. */
export interface RepoObject {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly size: number;
  readonly etag?: string;
}

/** Read/write access (S3 repositories). Writes are whole-object and atomic per object. */
export interface RepoWriter extends RepoReader {
  readonly writable: true;
  /** Writes a file; with `ifNoneMatch` the write fails with VERSION_EXISTS when the object exists (where the server supports it). */
  write(path: string, data: Buffer, options?: { contentType?: string; ifNoneMatch?: boolean }): Promise<void>;
  remove(path: string): Promise<void>;
  /** Every object under `dir` ('' for the root), following pagination. */
  list(dir: string): Promise<RepoObject[]>;
  /** Size and ETag of a file, or null when it does not exist. */
  head(path: string): Promise<RepoObject | null>;
  /** Reads a file with its ETag, or null. */
  readWithEtag(path: string): Promise<{ data: Buffer; etag: string | undefined } | null>;
}

export function isWritable(r: RepoReader): r is RepoWriter {
  return (r as Partial<RepoWriter>).writable === true;
}

/** Credentials for a repository; secrets never leave the process except to the repository itself. */
export interface RepoCredential {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly username?: string;
  readonly password?: string;
}
