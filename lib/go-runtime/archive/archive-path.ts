import { ArchiveError } from './archive-error';

/**
 * Normalises a package entry name to a clean relative POSIX path, or throws a ArchiveError.
 * Guarantees on success: no leading '/', no drive letter, no '.' or '..' segment, no empty
 * segment, no NUL or control character, length and depth within the given limits.
 */
export function safeEntryPath(raw: string, maxBytes: number, maxDepth: number): string {
  if (raw.length === 0) throw new ArchiveError('INVALID_PATH', raw, 'empty entry name');
  if (/[\u0000-\u001f\u007f]/.test(raw))
    throw new ArchiveError('INVALID_PATH', printable(raw), 'entry name contains control characters');
  const unified = raw.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[a-zA-Z]:/.test(unified)) {
    throw new ArchiveError('ABSOLUTE_PATH', raw, 'absolute paths are not allowed in a package');
  }
  const segments = unified.split('/').filter((s, i, all) => s !== '' || i === all.length - 1);
  if (segments[segments.length - 1] === '') segments.pop(); // trailing slash of a directory
  const clean: string[] = [];
  for (const s of segments) {
    if (s === '..') throw new ArchiveError('PATH_TRAVERSAL', raw, "'..' is not allowed in package paths");
    if (s === '.' || s === '') continue;
    clean.push(s);
  }
  if (clean.length === 0) throw new ArchiveError('INVALID_PATH', raw, 'entry name has no path segments');
  const path = clean.join('/');
  if (Buffer.byteLength(path) > maxBytes)
    throw new ArchiveError('INVALID_PATH', path.slice(0, 80) + '\u2026', `entry path longer than ${maxBytes} bytes`);
  if (clean.length > maxDepth)
    throw new ArchiveError('INVALID_PATH', path, `entry path deeper than ${maxDepth} segments`);
  return path;
}

function printable(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
