export {
  assertBlobKey,
  blobKeyOf,
  BlobStoreError,
  type BlobErrorCode,
  type BlobRef,
  type BlobStore,
} from './blob-store';
export { FsBlobStore } from './fs-blob-store';
export { S3BlobStore } from './s3-blob-store';
export { createS3Client, type S3ConnectionOptions } from './s3-client.factory';
export * from './s3-errors';
