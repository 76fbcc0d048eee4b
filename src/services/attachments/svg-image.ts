import { CONTENT_TYPES, dimensionRefusal, type ImageCheck, type ImageLimits, refused } from './image-check.types';
import type { SvgElement } from './svg-dom';
import { sanitizeSvg } from './svg-sanitizer';

const PX = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:px)?\s*$/;

/** The root's size in px: width/height when both are plain numbers (or px), else the viewBox's. */
function svgSize(root: SvgElement): { width: number; height: number } | undefined {
  const width = PX.exec(root.getAttribute('width') ?? '')?.[1];
  const height = PX.exec(root.getAttribute('height') ?? '')?.[1];
  if (width && height) return { width: Math.ceil(Number(width)), height: Math.ceil(Number(height)) };
  const box = (root.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box.length !== 4 || !box.every(Number.isFinite)) return undefined;
  return { width: Math.ceil(box[2]), height: Math.ceil(box[3]) };
}

/**
 * Checks an SVG (`text` is the upload as UTF-8): sanitised by svg-sanitizer (refused when it
 * carries active content); its declared size within `limits`; the stored bytes are the sanitised
 * document, which must itself fit `limits.maxBytes`. Undefined when `text` is not SVG at all.
 */
export async function checkSvg(text: string, label: string, limits: ImageLimits): Promise<ImageCheck | undefined> {
  const result = await sanitizeSvg(text);
  if (result.kind === 'not-svg') return undefined;
  if (result.kind === 'malformed')
    return /<svg[\s>]/i.test(text) ? refused(`${label} is not a well-formed SVG document`) : undefined;
  if (result.kind === 'active')
    return refused(
      `${label} is an SVG with active content, which is not allowed: ${result.found.slice(0, 5).join('; ')}`,
    );
  const size = svgSize(result.root);
  if (!size) return refused(`${label} is an SVG without a size: give width and height in px, or a viewBox`);
  const tooBig = dimensionRefusal(label, size.width, size.height, limits);
  if (tooBig) return tooBig;
  const data = Buffer.from(result.svg, 'utf8');
  if (data.length > limits.maxBytes)
    return refused(`${label} is ${data.length} bytes once sanitised; at most ${limits.maxBytes} are allowed`);
  return { ok: true, format: 'svg', contentType: CONTENT_TYPES.svg, ...size, data };
}
