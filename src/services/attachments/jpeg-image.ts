import { decode } from 'jpeg-js';
import { CONTENT_TYPES, dimensionRefusal, type ImageCheck, type ImageLimits, refused } from './image-check.types';

export const isJpeg = (data: Buffer): boolean => data.length >= 3 && data[0] === 0xff && data[1] === 0xd8;

/** Start-of-frame markers (SOF0…SOF15 without DHT, JPG and DAC). */
const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** The frame header's dimensions, found by walking the markers before any scan data is decoded. */
function frameSize(d: Buffer): { width: number; height: number } | string {
  let i = 2;
  while (i + 4 <= d.length) {
    if (d[i] !== 0xff) return 'is a corrupt JPEG (bad marker)';
    const marker = d[i + 1];
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = d.readUInt16BE(i + 2);
    if (isFrameMarker(marker)) {
      if (i + 9 > d.length) break;
      return { height: d.readUInt16BE(i + 5), width: d.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return 'is a JPEG without a frame header';
}

/**
 * Checks a JPEG: the frame header's dimensions against `limits` first, then a full, strict decode
 * (jpeg-js) whose resolution and memory are capped by the same limits.
 */
export function checkJpeg(data: Buffer, label: string, limits: ImageLimits): ImageCheck {
  const size = frameSize(data);
  if (typeof size === 'string') return refused(`${label} ${size}`);
  const { width, height } = size;
  const tooBig = dimensionRefusal(label, width, height, limits);
  if (tooBig) return tooBig;
  try {
    const decoded = decode(data, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      maxResolutionInMP: limits.maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 8) / 2 ** 20) + 16,
    });
    if (decoded.width !== width || decoded.height !== height) return refused(`${label} is a corrupt JPEG`);
  } catch (err) {
    return refused(`${label} is a corrupt JPEG (${(err as Error).message})`);
  }
  return { ok: true, format: 'jpeg', contentType: CONTENT_TYPES.jpeg, width, height, data };
}
