import { ArchiveError } from './archive-error';
import type { ArchiveFile } from './archive-file';

/** Files of a package that sits in one top-level directory, with that directory stripped. */
export interface RootedFiles {
  /** Name of the single top-level directory (e.g. the chart name). */
  readonly root: string;
  /** Files with paths relative to `root`. */
  readonly files: ArchiveFile[];
}

/**
 * Splits off the single top-level directory every file must live in (Helm charts and
 * OpenPitrix packages alike). Throws MULTIPLE_TOP_LEVEL_ENTRIES when files sit at the top
 * level or under different top-level directories.
 */
export function stripTopDirectory(files: readonly ArchiveFile[]): RootedFiles {
  let root: string | undefined;
  const out: ArchiveFile[] = [];
  for (const f of files) {
    const slash = f.path.indexOf('/');
    if (slash < 0) {
      throw new ArchiveError(
        'MULTIPLE_TOP_LEVEL_ENTRIES',
        f.path,
        'file at the top level; a package must be one top-level directory',
      );
    }
    const head = f.path.slice(0, slash);
    if (root !== undefined && head !== root) {
      throw new ArchiveError(
        'MULTIPLE_TOP_LEVEL_ENTRIES',
        f.path,
        `second top-level directory '${head}' besides '${root}'`,
      );
    }
    root = head;
    out.push({ ...f, path: f.path.slice(slash + 1) });
  }
  if (root === undefined) throw new ArchiveError('EMPTY_ARCHIVE', '', 'archive contains no files');
  return { root, files: out };
}
