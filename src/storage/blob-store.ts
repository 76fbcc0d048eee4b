import { createHash } from 'node:crypto';

/**
 * Content-addressed storage for package archives and attachments. Keys are the lower-case
 * hex SHA-256 of the bytes, so `put` is idempotent and concurrent puts of the same bytes are
 * harmless. Implementations: filesystem (embedded profile) and S3-compatible (production).
 */
export interface BlobStore {
  /** Stores the bytes (no-op when already present) and returns their key. Durable when resolved. */
  put(data: Buffer): Promise<BlobRef>;
  /** The bytes, verified against the key, or null when absent. Throws BlobCorruptError on mismatch. */
  get(key: string): Promise<Buffer | null>;
  /** True when the blob exists. */
  exists(key: string): Promise<boolean>;
  /** Removes the blob; resolves false when it did not exist. */
  delete(key: string): Promise<boolean>;
}

export interface BlobRef {
  readonly key: string;
  readonly size: number;
}

export type BlobErrorCode = 'INVALID_BLOB_KEY' | 'BLOB_CORRUPT';

export class BlobStoreError extends Error {
  constructor(
    readonly code: BlobErrorCode,
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = /^[0-9a-f]{64}$/;

export function blobKeyOf(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Throws INVALID_BLOB_KEY unless `key` is a lower-case hex SHA-256 (so keys can never form paths). */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key))
    throw new BlobStoreError(
      'INVALID_BLOB_KEY',
      key,
      `not a blob key (sha256 hex): ${JSON.stringify(key).slice(0, 80)}`,
    );
}

/** Throws BLOB_CORRUPT when the bytes do not hash to the key. */
export function verifyBlob(key: string, data: Buffer): Buffer {
  if (blobKeyOf(data) !== key)
    throw new BlobStoreError('BLOB_CORRUPT', key, `stored blob ${key} does not match its hash`);
  return data;
}
