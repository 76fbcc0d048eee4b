import { PackageError, type PackageIssue } from '../package-error';
import type { ArchiveFile } from '@marina/go-runtime';

const TEXT_EXTENSIONS = new Set([
  'yaml',
  'yml',
  'json',
  'tpl',
  'tmpl',
  'mustache',
  'txt',
  'md',
  'toml',
  'conf',
  'cfg',
  'ini',
  'sh',
  'properties',
  'xml',
]);
const TEXT_NAMES = new Set(['README', 'LICENSE', 'NOTICE', 'CHANGELOG', '.helmignore']);

/** True for paths that packages treat as text (manifests, templates, docs); binaries like icons are not. */
export function isTextPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (TEXT_NAMES.has(base)) return true;
  const dot = base.lastIndexOf('.');
  return dot > 0 && TEXT_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes a text file strictly (a leading BOM is dropped); throws INVALID_UTF8 with the byte offset. */
export function assertUtf8Text(file: Pick<ArchiveFile, 'path' | 'data'>): string {
  try {
    return decoder.decode(file.data);
  } catch {
    throw new PackageError(
      'INVALID_UTF8',
      file.path,
      `not valid UTF-8 (first bad byte at offset ${firstInvalidOffset(file.data)})`,
    );
  }
}

/** Checks every text file of a package; returns one issue per file that is not valid UTF-8. */
export function checkTextFiles(files: readonly ArchiveFile[]): PackageIssue[] {
  const issues: PackageIssue[] = [];
  for (const f of files) {
    if (!isTextPath(f.path)) continue;
    try {
      assertUtf8Text(f);
    } catch (err) {
      if (!(err instanceof PackageError)) throw err;
      issues.push(err.toIssue());
    }
  }
  return issues;
}

function firstInvalidOffset(data: Buffer): number {
  // Binary search over prefix validity is overkill; a linear walk of UTF-8 sequences is simple.
  let i = 0;
  while (i < data.length) {
    const b = data[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > data.length) return i;
    try {
      decoder.decode(data.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return i;
}
