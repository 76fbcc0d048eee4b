/** One regular file read from a package. `path` is a clean relative POSIX path (see safeEntryPath). */
export interface ArchiveFile {
  readonly path: string;
  readonly data: Buffer;
  /** Permission bits from the archive (0o644 when unknown). */
  readonly mode: number;
}
