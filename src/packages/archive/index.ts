/**
 * Safe reading and writing of package archives (`.tgz`). Start with `readTarGz`.
 */
export type { ArchiveFile } from './archive-file';
export { DEFAULT_ARCHIVE_LIMITS, resolveLimits, type ArchiveLimits } from './archive-limits';
export { safeEntryPath } from './archive-path';
export { readTar } from './tar.reader';
export { readTarGz, readTarGzAsync } from './tar-gz.reader';
export { stripTopDirectory, type RootedFiles } from './top-directory';
export { writeTar, writeTarGz, type TarInput, type TarWriteOptions } from './tar.writer';
export { assertUtf8Text, isTextPath, checkTextFiles } from './text-check';
export { PackageError, PackageValidationError, type PackageErrorCode, type PackageIssue } from '../package-error';
