/**
 * Package archives (`.tgz`) as the app sees them: go-runtime's tar/gzip readers and writers with
 * their hostile-input limits, whose rejections arrive here as `PackageError`s (same code, path
 * and detail). Start with `readTarGz`.
 */
import {
  ArchiveError,
  readTarGz as readTarGzRaw,
  readTarGzAsync as readTarGzAsyncRaw,
  stripTopDirectory as stripTopDirectoryRaw,
  type ArchiveFile,
  type ArchiveLimits,
  type RootedFiles,
} from '@marina/go-runtime';
import { PackageError } from '../package-error';

export type { ArchiveFile, ArchiveLimits, RootedFiles, TarInput, TarWriteOptions } from '@marina/go-runtime';
export { DEFAULT_ARCHIVE_LIMITS, resolveLimits, safeEntryPath, writeTar, writeTarGz } from '@marina/go-runtime';
export { assertUtf8Text, isTextPath, checkTextFiles } from './text-check';
export { PackageError, PackageValidationError, type PackageErrorCode, type PackageIssue } from '../package-error';

/** An archive rejection as the app's PackageError; anything else unchanged. */
function asPackageError(err: unknown): unknown {
  return err instanceof ArchiveError ? new PackageError(err.code, err.path, err.detail) : err;
}

/** Reads a `.tgz` from memory. Throws PackageError for rejected input. */
export function readTarGz(buf: Buffer, limits?: Partial<ArchiveLimits>): ArchiveFile[] {
  try {
    return readTarGzRaw(buf, limits);
  } catch (err) {
    throw asPackageError(err);
  }
}

/** {@link readTarGz}, decompressing off the main thread. Rejects with PackageError for rejected input. */
export async function readTarGzAsync(buf: Buffer, limits?: Partial<ArchiveLimits>): Promise<ArchiveFile[]> {
  try {
    return await readTarGzAsyncRaw(buf, limits);
  } catch (err) {
    throw asPackageError(err);
  }
}

/** Removes the one top-level directory of a package. Throws PackageError when there is not exactly one. */
export function stripTopDirectory(files: readonly ArchiveFile[]): RootedFiles {
  try {
    return stripTopDirectoryRaw(files);
  } catch (err) {
    throw asPackageError(err);
  }
}
