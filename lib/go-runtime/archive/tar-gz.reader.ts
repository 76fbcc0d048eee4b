import { gunzip, gunzipSync, type ZlibOptions } from 'node:zlib';
import { ArchiveError } from './archive-error';
import type { ArchiveFile } from './archive-file';
import { resolveLimits, type ArchiveLimits } from './archive-limits';
import { readTar } from './tar.reader';

/**
 * Reads a gzip-compressed tar (a `.tgz` package) from memory. Synchronous; see
 * `readTarGzAsync` for the variant that decompresses off the main thread.
 * Guarantees: returns only regular files with safe, unique, relative paths; throws a
 * `ArchiveError` (never a raw zlib/RangeError) for any rejected input.
 */
export function readTarGz(buf: Buffer, limits?: Partial<ArchiveLimits>): ArchiveFile[] {
  const l = resolveLimits(limits);
  const plan = planGunzip(buf, l);
  let tar: Buffer;
  try {
    tar = gunzipSync(buf, plan.options);
  } catch (err) {
    throw gunzipError(err, plan);
  }
  return readTar(tar, l);
}

/** Same contract as `readTarGz`; decompression runs on the libuv thread pool. */
export async function readTarGzAsync(buf: Buffer, limits?: Partial<ArchiveLimits>): Promise<ArchiveFile[]> {
  const l = resolveLimits(limits);
  const plan = planGunzip(buf, l);
  const tar = await new Promise<Buffer>((resolve, reject) => {
    gunzip(buf, plan.options, (err, out) => (err ? reject(gunzipError(err, plan)) : resolve(out)));
  });
  return readTar(tar, l);
}

interface GunzipPlan {
  readonly options: ZlibOptions;
  readonly cap: number;
  readonly capIsRatio: boolean;
  readonly limits: ArchiveLimits;
}

function planGunzip(buf: Buffer, l: ArchiveLimits): GunzipPlan {
  if (buf.length > l.maxArchiveBytes) {
    throw new ArchiveError(
      'ARCHIVE_TOO_LARGE',
      '',
      `package is ${buf.length} bytes; the limit is ${l.maxArchiveBytes}`,
    );
  }
  if (buf.length < 3 || buf[0] !== 0x1f || buf[1] !== 0x8b || buf[2] !== 0x08) {
    throw new ArchiveError('NOT_GZIP', '', 'package is not a gzip-compressed archive');
  }
  const ratioCap = Math.max(l.ratioFloorBytes, buf.length * l.maxCompressionRatio);
  const cap = Math.min(l.maxUncompressedBytes, ratioCap);
  // zlib fails with ERR_BUFFER_TOO_LARGE once output would exceed maxOutputLength.
  return {
    options: { maxOutputLength: Math.max(1, cap) },
    cap,
    capIsRatio: ratioCap < l.maxUncompressedBytes,
    limits: l,
  };
}

function gunzipError(err: unknown, plan: GunzipPlan): ArchiveError {
  const code = (err as { code?: string }).code;
  if (code === 'ERR_BUFFER_TOO_LARGE') {
    return plan.capIsRatio
      ? new ArchiveError(
          'COMPRESSION_RATIO_EXCEEDED',
          '',
          `package decompresses beyond ${plan.limits.maxCompressionRatio}\u00d7 its size`,
        )
      : new ArchiveError(
          'UNCOMPRESSED_TOO_LARGE',
          '',
          `package decompresses to more than ${plan.limits.maxUncompressedBytes} bytes`,
        );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new ArchiveError('CORRUPT_ARCHIVE', '', `gzip data is corrupt: ${reason}`);
}
