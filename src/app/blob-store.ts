import type { BlobStoreConfig } from '../config';
import { parseRepoUrl } from '../repos/repo-url';
import { createS3Client, FsBlobStore, S3BlobStore, type BlobStore } from '../storage';

/**
 * The blob store of the configuration: files under a directory (embedded profile default) or an
 * S3 bucket. The S3 endpoint is set by the operator, so it is not subject to the SSRF policy.
 */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  if (config.kind === 'fs') return new FsBlobStore(config.dir);
  const location = parseRepoUrl('S3', config.url);
  if (location.kind !== 's3') throw new Error('MARINA_BLOB_S3_URL must be an s3:// URL');
  const client = createS3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
  });
  return new S3BlobStore(client, location.bucket, location.prefix);
}
