import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveFile, type ArchiveLimits } from '@marina/go-runtime';
import { PackageError } from './package-error';

export interface ReadDirOptions {
  /** Return true to leave a path (relative, '/'-separated; directories end with '/') out. */
  readonly ignore?: (relPath: string) => boolean;
  readonly limits?: Partial<ArchiveLimits>;
}

/**
 * Reads a package directory into memory, paths relative to `dir`, sorted. Applies the same
 * limits as archive reading (file count, per-file and total size) and refuses symlinks and
 * special files with a PackageError, so a directory and its .tgz are judged alike.
 */
export function readPackageDirectory(dir: string, options: ReadDirOptions = {}): ArchiveFile[] {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...(options.limits ?? {}) };
  const files: ArchiveFile[] = [];
  let total = 0;
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = lstatSync(childAbs);
      if (st.isSymbolicLink())
        throw new PackageError('LINK_NOT_ALLOWED', childRel, 'symbolic links are not allowed in a package');
      if (st.isDirectory()) {
        if (!options.ignore?.(`${childRel}/`)) walk(childAbs, childRel);
        continue;
      }
      if (!st.isFile())
        throw new PackageError('SPECIAL_FILE_NOT_ALLOWED', childRel, 'only regular files are allowed in a package');
      if (options.ignore?.(childRel)) continue;
      if (st.size > limits.maxFileBytes)
        throw new PackageError('FILE_TOO_LARGE', childRel, `file is larger than ${limits.maxFileBytes} bytes`);
      total += st.size;
      if (total > limits.maxUncompressedBytes)
        throw new PackageError(
          'UNCOMPRESSED_TOO_LARGE',
          '',
          `package is larger than ${limits.maxUncompressedBytes} bytes`,
        );
      if (files.length + 1 > limits.maxFiles)
        throw new PackageError('TOO_MANY_FILES', '', `package has more than ${limits.maxFiles} files`);
      files.push({ path: childRel, data: readFileSync(childAbs), mode: st.mode & 0o777 });
    }
  };
  walk(dir, '');
  return files;
}
