import createDOMPurify from 'dompurify';
import { CDATA_SECTION_NODE, SVG_NS, type SvgElement, type SvgNode, type SvgWindow } from './svg-dom';

/** A sanitised SVG document: the sanitiser's serialisation and the root's size attributes. */
export interface SanitizedSvg {
  readonly kind: 'svg';
  readonly svg: string;
  readonly root: SvgElement;
}

/**
 * Why an SVG was refused: `not-svg` (no SVG root), `malformed` (not well-formed XML), or the
 * `active` content found (scripts, event handlers, javascript:/external links, foreign objects,
 * external style references).
 */
export type SvgRefusal =
  | { readonly kind: 'not-svg' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'active'; readonly found: readonly string[] };

/** Removed elements that mean the upload tried to run or embed something (the rest, e.g. editor metadata, is dropped silently). */
const ACTIVE_ELEMENTS = new Set([
  'script',
  'foreignobject',
  'iframe',
  'frame',
  'object',
  'embed',
  'applet',
  'handler',
  'listener',
  'link',
  'meta',
  'base',
  'form',
  'audio',
  'video',
]);
/** Attributes that load or navigate: only same-document references (#id) are kept. */
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);

const CONFIG: { USE_PROFILES: { svg: true; svgFilters: true }; ADD_TAGS: string[]; RETURN_DOM: true } = {
  USE_PROFILES: { svg: true, svgFilters: true },
  // <use> only ever points inside the document: LINK_ATTRIBUTES are fragment-only.
  ADD_TAGS: ['use'],
  RETURN_DOM: true,
};

const short = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** CSS that could load something: @import, image-set, escapes (which could hide either), url() of anything but #id. */
export function cssLoadsExternal(css: string): boolean {
  if (/@import|image-set|\\/i.test(css)) return true;
  for (const m of css.matchAll(/url\(\s*['"]?\s*([^'")\s]*)/gi)) if (!m[1].startsWith('#')) return true;
  return false;
}

interface Purifier {
  readonly window: SvgWindow;
  sanitize(root: SvgElement): { root: SvgElement | null; found: string[] };
}

let purifier: Promise<Purifier> | undefined;

/** One jsdom window and DOMPurify instance per process, with the hooks that collect active content. */
async function createPurifier(): Promise<Purifier> {
  const { JSDOM } = await import('jsdom');
  const window = new JSDOM('').window;
  const purify = createDOMPurify(window as never);
  let found: string[] = [];
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName.toLowerCase();
    const tag = (node as unknown as SvgElement).localName;
    if (LINK_ATTRIBUTES.has(name) && !data.attrValue.trim().startsWith('#')) {
      found.push(`link ${name}=${short(data.attrValue)} on <${tag}>`);
      data.keepAttr = false;
    } else if (cssLoadsExternal(data.attrValue)) found.push(`external reference in ${name} on <${tag}>`);
  });
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && cssLoadsExternal(node.textContent ?? ''))
      found.push('external reference in <style>');
  });
  return {
    window,
    sanitize(root) {
      found = [];
      const body = purify.sanitize(root as never, CONFIG) as unknown as SvgElement;
      for (const removed of purify.removed) {
        if ('element' in removed) {
          const name = (removed.element as unknown as SvgElement).localName ?? '';
          if (ACTIVE_ELEMENTS.has(name.toLowerCase())) found.push(`<${name}> element`);
        } else if (removed.attribute && /^on/i.test(removed.attribute.name)) {
          found.push(`${removed.attribute.name} handler on <${(removed.from as unknown as SvgElement).localName}>`);
        }
      }
      return { root: body.firstElementChild, found };
    },
  };
}

/** CDATA sections become text (the sanitiser works in an HTML document, which cannot hold them). */
function cdataToText(node: SvgNode): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === CDATA_SECTION_NODE)
      node.replaceChild(node.ownerDocument.createTextNode(child.textContent ?? ''), child);
    else cdataToText(child);
  }
}

const isSvgRoot = (el: SvgElement | null): boolean => el?.localName === 'svg' && el.namespaceURI === SVG_NS;

/**
 * Parses `text` as an XML document with an SVG root and runs it through DOMPurify (SVG profiles)
 * with hooks: anything active (scripts, event handlers, javascript: or external links, foreign
 * objects, external CSS references) refuses the document; inert content the sanitiser does not
 * know (editor metadata, animation) is dropped. The returned `svg` is the sanitiser's output.
 */
export async function sanitizeSvg(text: string): Promise<SanitizedSvg | SvgRefusal> {
  purifier ??= createPurifier();
  const { window, sanitize } = await purifier;
  const parsed = new window.DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  if (!isSvgRoot(parsed)) return parsed.localName === 'parsererror' ? { kind: 'malformed' } : { kind: 'not-svg' };
  cdataToText(parsed);
  const { root, found } = sanitize(parsed);
  if (found.length) return { kind: 'active', found };
  if (!root || !isSvgRoot(root)) return { kind: 'not-svg' };
  return { kind: 'svg', svg: new window.XMLSerializer().serializeToString(root), root };
}
