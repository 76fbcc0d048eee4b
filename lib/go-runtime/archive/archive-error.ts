/** Why an archive (or one of its entries) was rejected. */
export const ARCHIVE_ERROR_CODES = [
  'ARCHIVE_TOO_LARGE',
  'NOT_GZIP',
  'CORRUPT_ARCHIVE',
  'EMPTY_ARCHIVE',
  'TOO_MANY_FILES',
  'FILE_TOO_LARGE',
  'UNCOMPRESSED_TOO_LARGE',
  'COMPRESSION_RATIO_EXCEEDED',
  'ABSOLUTE_PATH',
  'PATH_TRAVERSAL',
  'INVALID_PATH',
  'DUPLICATE_PATH',
  'LINK_NOT_ALLOWED',
  'SPECIAL_FILE_NOT_ALLOWED',
  'MULTIPLE_TOP_LEVEL_ENTRIES',
] as const;

export type ArchiveErrorCode = (typeof ARCHIVE_ERROR_CODES)[number];

/**
 * Thrown by the archive readers for every rejected input (never a raw zlib/RangeError): a stable
 * `code`, the archive-relative `path` it concerns ('' for the archive as a whole) and the problem.
 */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  constructor(
    readonly code: ArchiveErrorCode,
    readonly path: string,
    /** The problem without the path prefix that `message` carries. */
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
  }
}
