/** Real images for upload tests, encoded by the same libraries that decode them on upload. */
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** A width × height RGBA PNG with a gradient (so distinct sizes give distinct bytes). */
export function pngImage(width: number, height: number, seed = 0): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i += 4) image.data.set([(i + seed) % 251, 80, 160, 255], i);
  return PNG.sync.write(image);
}

/** A width × height baseline JPEG. */
export function jpegImage(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([i % 256, 128, 64, 255], i);
  return encodeJpeg({ data, width, height }, 85).data;
}

/** An SVG document of the given size wrapping `body`. */
export function svgImage(body: string, width = 48, height = 48): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">${body}</svg>`,
  );
}
