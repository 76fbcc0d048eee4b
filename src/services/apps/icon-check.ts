/** App icons: PNG, JPEG or SVG, at most 96×96 px and 20 KiB. */
export const ICON_MAX_BYTES = 20 * 1024;
export const ICON_MAX_PIXELS = 96;

export type IconKind = 'png' | 'jpeg' | 'svg';

export type IconCheck =
  { ok: true; kind: IconKind; contentType: string; width: number; height: number } | { ok: false; message: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks an icon's type (by content, not name), byte size and pixel size. */
export function checkIcon(data: Buffer): IconCheck {
  if (data.length > ICON_MAX_BYTES)
    return { ok: false, message: `the icon is ${data.length} bytes; at most ${ICON_MAX_BYTES} are allowed` };
  const found = pngSize(data) ?? jpegSize(data) ?? svgSize(data);
  if (!found)
    return { ok: false, message: 'the icon must be a PNG, JPEG or SVG image (with an explicit size for SVG)' };
  if ('error' in found) return { ok: false, message: found.error };
  const { kind, width, height } = found;
  if (width > ICON_MAX_PIXELS || height > ICON_MAX_PIXELS || width <= 0 || height <= 0) {
    return {
      ok: false,
      message: `the icon is ${width}×${height} px; at most ${ICON_MAX_PIXELS}×${ICON_MAX_PIXELS} are allowed`,
    };
  }
  const contentType = kind === 'png' ? 'image/png' : kind === 'jpeg' ? 'image/jpeg' : 'image/svg+xml';
  return { ok: true, kind, contentType, width, height };
}

type Size = { kind: IconKind; width: number; height: number } | { error: string };

function pngSize(d: Buffer): Size | undefined {
  if (d.length < 24 || !d.subarray(0, 8).equals(PNG_SIGNATURE) || d.toString('latin1', 12, 16) !== 'IHDR')
    return undefined;
  return { kind: 'png', width: d.readUInt32BE(16), height: d.readUInt32BE(20) };
}

/** Walks JPEG markers to the first start-of-frame (SOF0..SOF15 except DHT/JPG/DAC). */
function jpegSize(d: Buffer): Size | undefined {
  if (d.length < 4 || d[0] !== 0xff || d[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < d.length) {
    if (d[i] !== 0xff) return { error: 'the JPEG icon is corrupt' };
    const marker = d[i + 1];
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = d.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { kind: 'jpeg', height: d.readUInt16BE(i + 5), width: d.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return { error: 'the JPEG icon has no frame header' };
}

function svgSize(d: Buffer): Size | undefined {
  const text = d.toString('utf8');
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!tag) return undefined;
  if (/<script\b/i.test(text) || /\son[a-z]+\s*=/i.test(text) || /javascript:/i.test(text))
    return { error: 'SVG icons must not contain scripts or event handlers' };
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.]+)(px)?\\s*["']`, 'i').exec(tag)?.[1];
  let width = Number(attr('width'));
  let height = Number(attr('height'));
  if (!(width > 0 && height > 0)) {
    const box = /\sviewBox\s*=\s*["']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*["']/i.exec(tag);
    if (!box) return { error: 'the SVG icon needs width/height or a viewBox' };
    width = Number(box[1]);
    height = Number(box[2]);
  }
  return { kind: 'svg', width: Math.ceil(width), height: Math.ceil(height) };
}
