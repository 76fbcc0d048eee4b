import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  isNetworkError,
  isS3AccessDenied,
  isS3NoSuchBucket,
  isS3NotFound,
  isS3PreconditionFailed,
  s3Code,
  s3Status,
} from '../storage/s3-errors';
import type { ConditionalRead, RepoObject, RepoWriter } from './repo-backend';
import { RepoError } from './repo-errors';
import type { S3Location } from './repo-url';
import { DEFAULT_READ_DEADLINE_MS } from '../net';

/** Default cap for one file read from an S3 repository. */
export const S3_READ_LIMIT = 64 * 1024 * 1024;

/** A read/write repository in an S3 bucket under a prefix. */
export class S3RepoBackend implements RepoWriter {
  readonly writable = true as const;

  constructor(
    readonly location: S3Location,
    private readonly client: S3Client,
    /** Each request, body included, is aborted after this long (the SDK's own timeout is per idle socket). */
    private readonly deadlineMs = DEFAULT_READ_DEADLINE_MS,
  ) {}

  /** Options of every request: aborted at the deadline. */
  private deadline(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.deadlineMs) };
  }

  private key(path: string): string {
    const clean = path.replace(/^\/+/, '');
    return this.location.prefix ? `${this.location.prefix}/${clean}` : clean;
  }

  resolve(url: string): { relative: string } | { absolute: string } {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? { absolute: url } : { relative: url.replace(/^\.?\/+/, '') };
  }

  async read(path: string, maxBytes = S3_READ_LIMIT): Promise<Buffer | null> {
    return (await this.readWithEtag(path, maxBytes))?.data ?? null;
  }

  /**
   * GET with its ETag, or null when absent. GETs are idempotent, so a body stream that breaks
   * mid-transfer (which the SDK cannot retry, e.g. a server replacing the object meanwhile)
   * is retried up to 3 times.
   */
  async readWithEtag(
    path: string,
    maxBytes = S3_READ_LIMIT,
  ): Promise<{ data: Buffer; etag: string | undefined } | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.client.send(
          new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }),
          this.deadline(),
        );
        if ((out.ContentLength ?? 0) > maxBytes)
          throw new RepoError('PACKAGE_TOO_LARGE', `${path} is ${out.ContentLength} bytes; the limit is ${maxBytes}`);
        return { data: Buffer.from(await out.Body!.transformToByteArray()), etag: out.ETag };
      } catch (err) {
        if (isS3NotFound(err) && !isS3NoSuchBucket(err)) return null;
        if (attempt < 3 && isNetworkError(err)) continue;
        throw this.translate(err, 'read');
      }
    }
  }

  async readIfChanged(path: string, etag: string | undefined): Promise<ConditionalRead> {
    if (etag) {
      try {
        await this.client.send(
          new GetObjectCommand({
            Bucket: this.location.bucket,
            Key: this.key(path),
            IfNoneMatch: etag,
            Range: 'bytes=0-0',
          }),
          this.deadline(),
        );
      } catch (err) {
        if (s3Status(err) === 304) return { notModified: true };
        if (!(isS3NotFound(err) && !isS3NoSuchBucket(err))) throw this.translate(err, 'read');
      }
    }
    const r = await this.readWithEtag(path);
    return { notModified: false, data: r?.data ?? null, etag: r?.etag };
  }

  async head(path: string): Promise<RepoObject | null> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }),
        this.deadline(),
      );
      return { path, size: out.ContentLength ?? 0, etag: out.ETag };
    } catch (err) {
      if (isS3NotFound(err) && !isS3NoSuchBucket(err)) return null;
      throw this.translate(err, 'read');
    }
  }

  async write(
    path: string,
    data: Buffer,
    options: { contentType?: string; ifNoneMatch?: boolean } = {},
  ): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.key(path),
          Body: data,
          ContentType: options.contentType ?? 'application/octet-stream',
          IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
        }),
        this.deadline(),
      );
    } catch (err) {
      if (options.ifNoneMatch && isS3PreconditionFailed(err))
        throw new RepoError('VERSION_EXISTS', `${path} already exists in the repository`);
      throw this.translate(err, 'write');
    }
  }

  async remove(path: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }),
        this.deadline(),
      );
    } catch (err) {
      if (isS3NotFound(err) && !isS3NoSuchBucket(err)) return;
      throw this.translate(err, 'write');
    }
  }

  async list(dir: string): Promise<RepoObject[]> {
    const base = this.location.prefix ? `${this.location.prefix}/` : '';
    const prefix = base + (dir ? `${dir.replace(/\/+$/, '')}/` : '');
    const out: RepoObject[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ContinuationToken: token }),
          this.deadline(),
        );
        for (const o of page.Contents ?? [])
          out.push({ path: (o.Key ?? '').slice(base.length), size: o.Size ?? 0, etag: o.ETag });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw this.translate(err, 'read');
    }
    return out;
  }

  /** Maps SDK errors to RepoError codes; unknown errors keep their S3 code in the message. */
  translate(err: unknown, op: 'read' | 'write'): RepoError {
    if (err instanceof RepoError) return err;
    const where = `s3://${this.location.bucket}/${this.location.prefix}`;
    if (isS3NoSuchBucket(err))
      return new RepoError('BUCKET_NOT_FOUND', `bucket "${this.location.bucket}" does not exist`);
    if (isS3AccessDenied(err)) {
      return new RepoError(
        op === 'write' ? 'WRITE_DENIED' : 'ACCESS_DENIED',
        `${op} access to ${where} denied (${s3Code(err) ?? 'AccessDenied'})`,
      );
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'SSRF_BLOCKED') return new RepoError('SSRF_BLOCKED', (err as Error).message);
    if (isNetworkError(err))
      return new RepoError('UNREACHABLE', `cannot reach the S3 endpoint of ${where}: ${code ?? (err as Error).name}`);
    return new RepoError(
      'UNREACHABLE',
      `S3 ${op} on ${where} failed: ${s3Code(err) ?? (err instanceof Error ? err.message : String(err))}`,
    );
  }
}
