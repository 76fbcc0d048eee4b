import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { assertBlobKey, blobKeyOf, verifyBlob, type BlobRef, type BlobStore } from './blob-store';
import { isS3NotFound } from './s3-errors';

/** Blobs as objects `<prefix>blobs/<sha256>` in one bucket of an S3-compatible service. */
export class S3BlobStore implements BlobStore {
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix = '',
  ) {
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  }

  private keyOf(key: string): string {
    assertBlobKey(key);
    return `${this.prefix}blobs/${key}`;
  }

  async put(data: Buffer): Promise<BlobRef> {
    const key = blobKeyOf(data);
    if (!(await this.exists(key))) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(key),
          Body: data,
          ContentType: 'application/octet-stream',
        }),
      );
    }
    return { key, size: data.length };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      const bytes = await out.Body!.transformToByteArray();
      return verifyBlob(key, Buffer.from(bytes));
    } catch (err) {
      if (isS3NotFound(err)) return null;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return true;
    } catch (err) {
      if (isS3NotFound(err)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    const existed = await this.exists(key);
    if (existed) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
    return existed;
  }
}
