import { gzipSync } from 'node:zlib';
import { BLOCK } from './tar-header';

/** A file to place in a tar archive. */
export interface TarInput {
  readonly path: string;
  readonly data: Buffer;
  /** Permission bits (default 0o644). */
  readonly mode?: number;
}

export interface TarWriteOptions {
  /** Modification time for every entry (default: now). Fix it for reproducible archives. */
  readonly mtime?: Date;
}

const USTAR_NAME = 100;
const USTAR_PREFIX = 155;

/**
 * Writes regular files as a POSIX ustar archive (PAX records for names that do not fit),
 * in the order given, with uid/gid 0. Guarantees output that `readTar` and GNU/BSD tar accept.
 */
export function writeTar(files: readonly TarInput[], options: TarWriteOptions = {}): Buffer {
  const mtime = Math.floor((options.mtime ?? new Date()).getTime() / 1000);
  const parts: Buffer[] = [];
  for (const f of files) {
    const split = splitName(f.path);
    if (!split) {
      const pax = paxRecord('path', f.path);
      parts.push(
        header('PaxHeader/' + f.path.slice(-80).replace(/^\/+/, ''), '', pax.length, 0o644, mtime, 'x'),
        pad(pax),
      );
    }
    const [prefix, name] = split ?? ['', f.path.slice(-USTAR_NAME)];
    parts.push(header(name, prefix, f.data.length, f.mode ?? 0o644, mtime, '0'), pad(f.data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** `writeTar` followed by gzip (default compression level). */
export function writeTarGz(files: readonly TarInput[], options: TarWriteOptions = {}): Buffer {
  return gzipSync(writeTar(files, options));
}

function splitName(path: string): [string, string] | null {
  if (Buffer.byteLength(path) <= USTAR_NAME) return ['', path];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= USTAR_PREFIX && Buffer.byteLength(name) <= USTAR_NAME) return [prefix, name];
  }
  return null;
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body);
  let total = len + String(len).length;
  while (String(total).length + len !== total) total = len + String(total).length;
  return Buffer.from(`${total}${body}`);
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

function header(name: string, prefix: string, size: number, mode: number, mtime: number, type: string): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, USTAR_NAME, 'utf8');
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.write(type, 156, 1, 'latin1');
  h.write('ustar\u0000', 257, 6, 'latin1');
  h.write('00', 263, 2, 'latin1');
  h.write(prefix, 345, USTAR_PREFIX, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  octal(h, 148, 8, sum);
  return h;
}

function octal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(value.toString(8).padStart(length - 1, '0') + '\u0000', offset, length, 'latin1');
}
