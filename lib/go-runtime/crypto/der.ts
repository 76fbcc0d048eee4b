/**
 * Minimal ASN.1 DER encoding and reading, enough to build X.509 certificates and to pull the
 * subject and subject key identifier out of a CA certificate.
 */

/** A DER element: tag byte and content. */
export interface Der {
  readonly tag: number;
  readonly content: Buffer;
  /** The full encoding (tag + length + content). */
  readonly raw: Buffer;
}

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one TLV. */
export function tlv(tag: number, content: Buffer | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), Buffer.from(content)]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
export const octets = (b: Buffer | Uint8Array): Buffer => tlv(0x04, b);
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const nullDer = (): Buffer => Buffer.from([0x05, 0x00]);

/** INTEGER from a non-negative or negative bigint (two's complement, minimal). */
export function integer(v: bigint): Buffer {
  if (v === 0n) return tlv(0x02, Buffer.from([0]));
  let hex = (v < 0n ? (1n << BigInt(bitLength(-v) + 8)) + v : v).toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  if (v > 0n && bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  while (v < 0n && bytes.length > 1 && bytes[0] === 0xff && bytes[1] & 0x80) bytes = bytes.subarray(1);
  return tlv(0x02, bytes);
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

/** OBJECT IDENTIFIER from dotted text. */
export function oid(text: string): Buffer {
  const parts = text.split('.').map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** BIT STRING with the given number of unused bits in the last byte. */
export function bitString(bytes: Buffer | Uint8Array, unused = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), Buffer.from(bytes)]));
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280). */
export function time(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const p = (n: number): string => String(n).padStart(2, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p(y % 100) + rest, 'ascii'));
  return tlv(0x18, Buffer.from(String(y).padStart(4, '0') + rest, 'ascii'));
}

/** Reads one element at `offset`. */
export function readDer(buf: Buffer, offset = 0): Der & { end: number } {
  const tag = buf[offset];
  let len = buf[offset + 1];
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
    pos += n;
  }
  if (pos + len > buf.length) throw new Error('asn1: truncated element');
  return { tag, content: buf.subarray(pos, pos + len), raw: buf.subarray(offset, pos + len), end: pos + len };
}

/** The children of a constructed element. */
export function children(el: Der): Der[] {
  const out: Der[] = [];
  for (let off = 0; off < el.content.length;) {
    const c = readDer(el.content, off);
    out.push(c);
    off = c.end;
  }
  return out;
}

/** Decodes an OBJECT IDENTIFIER's content to dotted text. */
export function oidText(content: Buffer): string {
  const parts = [Math.floor(content[0] / 40), content[0] % 40];
  let v = 0;
  for (const b of content.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Unsigned big integer from INTEGER content. */
export function toBigInt(content: Buffer): bigint {
  return content.length === 0 ? 0n : BigInt('0x' + content.toString('hex'));
}
