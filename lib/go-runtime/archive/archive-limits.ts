/**
 * Limits applied while reading an untrusted package archive. Every limit is checked before the
 * corresponding memory is committed where possible (decompression stops at the smaller of the
 * uncompressed cap and the ratio cap).
 */
export interface ArchiveLimits {
  /** Largest accepted compressed archive, in bytes (default 20 MiB). */
  readonly maxArchiveBytes: number;
  /** Largest total of decompressed tar bytes (default 100 MiB). */
  readonly maxUncompressedBytes: number;
  /** Largest single file (default 10 MiB). */
  readonly maxFileBytes: number;
  /** Most entries of any kind, directories included (default 5,000). */
  readonly maxFiles: number;
  /** Largest decompressed/compressed ratio (default 100) … */
  readonly maxCompressionRatio: number;
  /** … enforced only once the decompressed size exceeds this many bytes (default 1 MiB). */
  readonly ratioFloorBytes: number;
  /** Longest entry path in bytes (default 1,024) and most path segments (default 32). */
  readonly maxPathBytes: number;
  readonly maxPathDepth: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({
  maxArchiveBytes: 20 * MiB,
  maxUncompressedBytes: 100 * MiB,
  maxFileBytes: 10 * MiB,
  maxFiles: 5000,
  maxCompressionRatio: 100,
  ratioFloorBytes: 1 * MiB,
  maxPathBytes: 1024,
  maxPathDepth: 32,
});

/** Fills in defaults for the limits a caller did not set. */
export function resolveLimits(limits?: Partial<ArchiveLimits>): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...(limits ?? {}) };
}
