import type { ImageLimits } from '../../config';

export type { ImageLimits };

/** The formats Marina accepts for icons and screenshots, as found by decoding (never from a name or a client's type). */
export type ImageFormat = 'png' | 'jpeg' | 'svg';

export const CONTENT_TYPES: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
};

/** A decoded image within its limits; `data` is what gets stored (the sanitiser's output for SVG). */
export interface CheckedImage {
  readonly ok: true;
  readonly format: ImageFormat;
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

/** Why an image was refused, phrased for the uploader (it starts with what was checked, e.g. "the icon"). */
export interface RefusedImage {
  readonly ok: false;
  readonly message: string;
}

export type ImageCheck = CheckedImage | RefusedImage;

export const refused = (message: string): RefusedImage => ({ ok: false, message });

/** The refusal for dimensions outside `limits`, or undefined when they fit. */
export function dimensionRefusal(
  label: string,
  width: number,
  height: number,
  limits: ImageLimits,
): RefusedImage | undefined {
  if (!(width > 0 && height > 0)) return refused(`${label} has no size (${width}×${height} px)`);
  if (width > limits.maxWidth || height > limits.maxHeight)
    return refused(`${label} is ${width}×${height} px; at most ${limits.maxWidth}×${limits.maxHeight} are allowed`);
  if (width * height > limits.maxPixels)
    return refused(`${label} is ${width}×${height} px; at most ${limits.maxPixels} pixels are allowed`);
  return undefined;
}
