import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { CONTENT_TYPES, dimensionRefusal, type ImageCheck, type ImageLimits, refused } from './image-check.types';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Samples per pixel of each PNG colour type. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export const isPng = (data: Buffer): boolean => data.length >= 8 && data.subarray(0, 8).equals(SIGNATURE);

interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: number;
  /** The IDAT chunks' bytes, concatenated (bounded by the file size). */
  readonly compressed: Buffer;
}

/** Walks the chunks (without inflating anything): IHDR first, the IDAT data, IEND last. */
function readHeader(data: Buffer): PngHeader | string {
  if (data.length < 33 || data.readUInt32BE(8) !== 13 || data.toString('latin1', 12, 16) !== 'IHDR')
    return 'has no PNG header';
  const channels = CHANNELS[data[25]];
  if (!channels) return `has an unknown PNG colour type ${data[25]}`;
  const idat: Buffer[] = [];
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > data.length) break;
    if (type === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    if (type === 'IEND')
      return {
        width: data.readUInt32BE(16),
        height: data.readUInt32BE(20),
        bitsPerPixel: channels * data[24],
        compressed: Buffer.concat(idat),
      };
    at += 12 + length;
  }
  return 'is truncated (no IEND chunk)';
}

/**
 * Checks a PNG: the header's dimensions against `limits` before any pixel data is inflated, the
 * compressed data inflated under a bound derived from those dimensions (a decompression bomb stops
 * at the bound), then a full decode with CRC checks (pngjs).
 */
export function checkPng(data: Buffer, label: string, limits: ImageLimits): ImageCheck {
  const header = readHeader(data);
  if (typeof header === 'string') return refused(`${label} ${header}`);
  const { width, height } = header;
  const tooBig = dimensionRefusal(label, width, height, limits);
  if (tooBig) return tooBig;
  // Scanlines plus their filter bytes; Adam7 interlacing adds at most two bytes a row for each of its 7 passes.
  const bound = height * (1 + Math.ceil((width * header.bitsPerPixel) / 8)) + 14 * height + 64;
  try {
    inflateSync(header.compressed, { maxOutputLength: bound });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      return refused(`${label} inflates to more data than ${width}×${height} px hold`);
    return refused(`${label} is a corrupt PNG (${(err as Error).message})`);
  }
  try {
    const decoded = PNG.sync.read(data, { checkCRC: true });
    if (decoded.width !== width || decoded.height !== height) return refused(`${label} is a corrupt PNG`);
  } catch (err) {
    return refused(`${label} is a corrupt PNG (${(err as Error).message})`);
  }
  return { ok: true, format: 'png', contentType: CONTENT_TYPES.png, width, height, data };
}
