import { ArchiveError } from './archive-error';

export const BLOCK = 512;

/** Entry kinds of the tar format we distinguish. Everything not listed is `other`. */
export type TarEntryKind =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'char-device'
  | 'block-device'
  | 'fifo'
  | 'pax-header'
  | 'pax-global'
  | 'gnu-long-name'
  | 'gnu-long-link'
  | 'other';

/** One decoded 512-byte header block. `name` already joins the ustar prefix. */
export interface TarHeader {
  readonly name: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly kind: TarEntryKind;
  readonly typeflag: string;
  readonly linkname: string;
}

const KINDS: Record<string, TarEntryKind> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'hardlink',
  '3': 'char-device',
  '4': 'block-device',
  '6': 'fifo',
  x: 'pax-header',
  g: 'pax-global',
  L: 'gnu-long-name',
  K: 'gnu-long-link',
};

/** True when the 512 bytes at `offset` are all zero (an end-of-archive marker). */
export function isZeroBlock(buf: Buffer, offset: number): boolean {
  for (let i = offset; i < offset + BLOCK; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Decodes the header block at `offset`; throws CORRUPT_ARCHIVE on a bad checksum or number. */
export function parseHeader(buf: Buffer, offset: number): TarHeader {
  const block = buf.subarray(offset, offset + BLOCK);
  verifyChecksum(block);
  const typeflag = String.fromCharCode(block[156]);
  const magic = block.toString('latin1', 257, 263);
  let name = cString(block, 0, 100);
  if (magic === 'ustar\u0000') {
    const prefix = cString(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: parseNumber(block, 100, 8, 'mode'),
    size: parseNumber(block, 124, 12, 'size'),
    mtime: parseNumber(block, 136, 12, 'mtime'),
    kind: KINDS[typeflag] ?? 'other',
    typeflag,
    linkname: cString(block, 157, 100),
  };
}

function verifyChecksum(block: Buffer): void {
  const stored = parseNumber(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new ArchiveError('CORRUPT_ARCHIVE', '', 'tar header checksum mismatch');
  }
}

/**
 * NUL-terminated name field, decoded as UTF-8 (tar names are bytes; UTF-8 is the norm). Names that
 * are not valid UTF-8 are refused (INVALID_PATH): a lossy decoding would let two different entries
 * share a name, or show a name other than the one stored.
 */
export function cString(block: Buffer, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return strictUtf8(block.subarray(start, end), 'an entry name');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function strictUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ArchiveError('INVALID_PATH', '', `${what} in the archive is not valid UTF-8`);
  }
}

/** Octal ASCII number, or GNU base-256 when the high bit of the first byte is set. */
function parseNumber(block: Buffer, start: number, length: number, field: string): number {
  if (block[start] & 0x80) return parseBase256(block, start, length, field);
  const text = block
    .toString('latin1', start, start + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError('CORRUPT_ARCHIVE', '', `tar header field ${field} is not octal`);
  const value = parseInt(text, 8);
  if (!Number.isSafeInteger(value))
    throw new ArchiveError('CORRUPT_ARCHIVE', '', `tar header field ${field} is too large`);
  return value;
}

function parseBase256(block: Buffer, start: number, length: number, field: string): number {
  if (block[start] & 0x40) throw new ArchiveError('CORRUPT_ARCHIVE', '', `tar header field ${field} is negative`);
  let value = block[start] & 0x3f;
  for (let i = start + 1; i < start + length; i++) {
    value = value * 256 + block[i];
    if (!Number.isSafeInteger(value))
      throw new ArchiveError('CORRUPT_ARCHIVE', '', `tar header field ${field} is too large`);
  }
  return value;
}

/**
 * Parses PAX extended header records (`"<len> <key>=<value>\n"`). Throws CORRUPT_ARCHIVE on a
 * malformed record.
 */
export function parsePaxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const len = space > pos ? Number(data.toString('latin1', pos, space)) : NaN;
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length || data[pos + len - 1] !== 0x0a) {
      throw new ArchiveError('CORRUPT_ARCHIVE', '', 'malformed PAX extended header');
    }
    const eq = data.indexOf(0x3d, space + 1);
    if (eq <= space + 1 || eq >= pos + len) throw new ArchiveError('CORRUPT_ARCHIVE', '', 'malformed PAX record');
    const key = data.toString('latin1', space + 1, eq);
    const value = data.subarray(eq + 1, pos + len - 1);
    // names must be UTF-8; other records (e.g. extended attributes) may hold any bytes
    records.set(
      key,
      key === 'path' || key === 'linkpath' ? strictUtf8(value, `a PAX ${key}`) : Buffer.from(value).toString('utf8'),
    );
    pos += len;
  }
  return records;
}
