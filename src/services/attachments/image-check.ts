import { type ImageCheck, type ImageLimits, refused } from './image-check.types';
import { checkJpeg, isJpeg } from './jpeg-image';
import { checkPng, isPng } from './png-image';
import { checkSvg } from './svg-image';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks an uploaded image by decoding it: PNG (pngjs) and JPEG (jpeg-js) with their header's
 * dimensions checked before any pixel data is decoded, SVG through a sanitiser. The format comes
 * from the bytes, never from a file name or a client's content type. `label` names the upload in
 * messages ("the icon", "screenshot 2").
 */
export async function checkImage(data: Buffer, label: string, limits: ImageLimits): Promise<ImageCheck> {
  if (data.length === 0) return refused(`${label} is empty`);
  if (data.length > limits.maxBytes)
    return refused(`${label} is ${data.length} bytes; at most ${limits.maxBytes} are allowed`);
  if (isPng(data)) return checkPng(data, label, limits);
  if (isJpeg(data)) return checkJpeg(data, label, limits);
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return refused(`${label} is not a PNG, JPEG or SVG image`);
  }
  return (await checkSvg(text, label, limits)) ?? refused(`${label} is not a PNG, JPEG or SVG image`);
}
