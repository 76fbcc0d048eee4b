import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { guardedLookup, type SsrfPolicy } from '../net';

/** Connection settings for an S3-compatible endpoint. */
export interface S3ConnectionOptions {
  /** `http(s)://host[:port]`; omit for AWS's default endpoint of `region`. */
  readonly endpoint?: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Path-style addressing (MinIO, s3rver, QingStor's S3 API); virtual-hosted otherwise. */
  readonly forcePathStyle: boolean;
  /** When given, every connection is checked against it at connect time. */
  readonly ssrfPolicy?: SsrfPolicy;
  /** Per-request socket timeout in ms (default 15 s). */
  readonly requestTimeoutMs?: number;
}

/**
 * Builds an S3 client with the settings S3-compatible servers need: checksums only when
 * required (the SDK's default trailing checksums corrupt streamed uploads to s3rver and
 * other non-AWS servers) and at most 3 attempts (transient resets are retried, validation stays fast).
 */
export function createS3Client(o: S3ConnectionOptions): S3Client {
  const lookup = o.ssrfPolicy ? guardedLookup(o.ssrfPolicy) : undefined;
  return new S3Client({
    region: o.region,
    endpoint: o.endpoint,
    forcePathStyle: o.forcePathStyle,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, lookup }),
      httpsAgent: new HttpsAgent({ keepAlive: true, lookup }),
      requestTimeout: o.requestTimeoutMs ?? 15_000,
      connectionTimeout: 5_000,
    },
  });
}
