import { ArchiveError } from './archive-error';
import type { ArchiveFile } from './archive-file';
import type { ArchiveLimits } from './archive-limits';
import { safeEntryPath } from './archive-path';
import { BLOCK, cString, isZeroBlock, parseHeader, parsePaxRecords, type TarHeader } from './tar-header';

const MAX_META_BYTES = 1024 * 1024; // PAX / GNU long-name payloads

interface Overrides {
  path?: string;
  linkpath?: string;
  size?: number;
}

/** Tracks paths seen so far so that no file is given twice or shadows a directory. */
class PathRegistry {
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();

  addFile(path: string): void {
    if (this.files.has(path) || this.dirs.has(path)) {
      throw new ArchiveError('DUPLICATE_PATH', path, 'path occurs more than once in the archive');
    }
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) this.addParent(parts.slice(0, i).join('/'), path);
    this.files.add(path);
  }

  addDir(path: string): void {
    if (this.files.has(path)) throw new ArchiveError('DUPLICATE_PATH', path, 'directory has the same path as a file');
    this.dirs.add(path);
  }

  private addParent(dir: string, child: string): void {
    if (this.files.has(dir)) throw new ArchiveError('DUPLICATE_PATH', child, `'${dir}' is both a file and a directory`);
    this.dirs.add(dir);
  }
}

/**
 * Reads an uncompressed tar (ustar, PAX, GNU long names) into regular files, rejecting links,
 * devices, FIFOs, unknown entry types, unsafe or duplicate paths, and limit violations.
 * Directory entries are validated but not returned. Throws ArchiveError; never partially returns.
 */
export function readTar(tar: Buffer, limits: ArchiveLimits): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  const registry = new PathRegistry();
  let overrides: Overrides = {};
  let entries = 0;
  let offset = 0;
  while (offset + BLOCK <= tar.length && !isZeroBlock(tar, offset)) {
    const header = parseHeader(tar, offset);
    const size = overrides.size ?? header.size;
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) throw new ArchiveError('CORRUPT_ARCHIVE', header.name, 'archive is truncated');
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (isMetaEntry(header)) {
      overrides = applyMeta(header, data, overrides);
      continue;
    }
    if (++entries > limits.maxFiles)
      throw new ArchiveError('TOO_MANY_FILES', '', `archive has more than ${limits.maxFiles} entries`);
    const entry = { ...header, name: overrides.path ?? header.name, linkname: overrides.linkpath ?? header.linkname };
    overrides = {};
    const file = acceptEntry(entry, data, limits, registry);
    if (file) files.push(file);
  }
  if (offset < tar.length && offset + BLOCK > tar.length) {
    throw new ArchiveError('CORRUPT_ARCHIVE', '', 'archive ends inside a header block');
  }
  if (files.length === 0) throw new ArchiveError('EMPTY_ARCHIVE', '', 'archive contains no files');
  return files;
}

function isMetaEntry(h: TarHeader): boolean {
  return h.kind === 'pax-header' || h.kind === 'pax-global' || h.kind === 'gnu-long-name' || h.kind === 'gnu-long-link';
}

function applyMeta(h: TarHeader, data: Buffer, current: Overrides): Overrides {
  if (data.length > MAX_META_BYTES) throw new ArchiveError('CORRUPT_ARCHIVE', '', 'extended header is too large');
  switch (h.kind) {
    case 'gnu-long-name':
      return { ...current, path: cString(data, 0, data.length) };
    case 'gnu-long-link':
      return { ...current, linkpath: cString(data, 0, data.length) };
    case 'pax-header':
      return { ...current, ...paxOverrides(parsePaxRecords(data)) };
    default:
      return current; // global PAX headers carry no per-entry facts we use
  }
}

function paxOverrides(records: Map<string, string>): Overrides {
  const out: Overrides = {};
  const path = records.get('path');
  if (path !== undefined) out.path = path;
  const linkpath = records.get('linkpath');
  if (linkpath !== undefined) out.linkpath = linkpath;
  const size = records.get('size');
  if (size !== undefined) {
    if (!/^\d+$/.test(size) || !Number.isSafeInteger(Number(size))) {
      throw new ArchiveError('CORRUPT_ARCHIVE', path ?? '', 'PAX size is not a number');
    }
    out.size = Number(size);
  }
  return out;
}

function acceptEntry(h: TarHeader, data: Buffer, limits: ArchiveLimits, registry: PathRegistry): ArchiveFile | null {
  const path = safeEntryPath(h.name, limits.maxPathBytes, limits.maxPathDepth);
  switch (h.kind) {
    case 'directory':
      registry.addDir(path);
      return null;
    case 'file':
      if (data.length > limits.maxFileBytes) {
        throw new ArchiveError('FILE_TOO_LARGE', path, `file is larger than ${limits.maxFileBytes} bytes`);
      }
      registry.addFile(path);
      return { path, data, mode: h.mode & 0o777 || 0o644 };
    case 'symlink':
    case 'hardlink':
      throw new ArchiveError('LINK_NOT_ALLOWED', path, `${h.kind} to '${h.linkname}' is not allowed in a package`);
    default:
      throw new ArchiveError('SPECIAL_FILE_NOT_ALLOWED', path, `entry type ${describe(h)} is not allowed in a package`);
  }
}

function describe(h: TarHeader): string {
  return h.kind === 'other' ? `'${h.typeflag.replace(/\0/g, '\\0')}'` : h.kind;
}
