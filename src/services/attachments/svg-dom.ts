/**
 * The few DOM shapes the SVG sanitiser touches, typed here so the program does not take in the
 * whole DOM library (jsdom's and DOMPurify's types reference it).
 */
export interface SvgNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<SvgNode>;
  readonly ownerDocument: { createTextNode(text: string): SvgNode };
  replaceChild(replacement: SvgNode, old: SvgNode): void;
}

export interface SvgElement extends SvgNode {
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly firstElementChild: SvgElement | null;
  getAttribute(name: string): string | null;
}

export interface SvgWindow {
  readonly DOMParser: new () => { parseFromString(text: string, type: string): { documentElement: SvgElement } };
  readonly XMLSerializer: new () => { serializeToString(node: SvgNode): string };
}

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const CDATA_SECTION_NODE = 4;
