import { checkImage } from './image-check';
import type { ImageLimits } from './image-check.types';
import { cssLoadsExternal, sanitizeSvg } from './svg-sanitizer';

const ICON: ImageLimits = { maxBytes: 20 * 1024, maxWidth: 96, maxHeight: 96, maxPixels: 96 * 96 };
const svg = (body: string, attrs = 'width="64" height="64"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`;

async function refusal(text: string): Promise<string> {
  const result = await checkImage(Buffer.from(text), 'the icon', ICON);
  if (result.ok) throw new Error(`accepted: ${result.data.toString()}`);
  return result.message;
}

describe('SVG icons with active content are refused, naming what was found', () => {
  it('a script element', async () => {
    const message = await refusal(svg('<script type="text/javascript">fetch("/graphql")</script><circle r="4"/>'));
    expect(message).toBe('the icon is an SVG with active content, which is not allowed: <script> element');
  });

  it('an onload handler', async () => {
    expect(await refusal(svg('<rect width="4" height="4"/>', 'width="64" height="64" onload="alert(1)"'))).toBe(
      'the icon is an SVG with active content, which is not allowed: onload handler on <svg>',
    );
  });

  it('<a href="javascript:…">, in either href spelling and any case', async () => {
    expect(await refusal(svg('<a href="javascript:alert(1)"><circle r="4"/></a>'))).toContain(
      'link href="javascript:alert(1)" on <a>',
    );
    expect(await refusal(svg('<a xlink:href=" JaVaScRiPt:alert(1)"><circle r="4"/></a>'))).toContain(
      'link xlink:href="JaVaScRiPt:alert(1)" on <a>',
    );
  });

  it('a foreignObject with HTML inside', async () => {
    const html =
      '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>';
    expect(await refusal(svg(html))).toBe(
      'the icon is an SVG with active content, which is not allowed: <foreignObject> element',
    );
  });

  it('xlink:href to an external URL, and CSS that loads from outside', async () => {
    expect(await refusal(svg('<image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/>'))).toBe(
      'the icon is an SVG with active content, which is not allowed: link xlink:href="https://tracker.example/pixel.png" on <image>',
    );
    expect(await refusal(svg('<style>@import url(https://evil.example/x.css);</style>'))).toContain(
      'external reference in <style>',
    );
    expect(await refusal(svg('<rect width="4" height="4" style="fill: url(https://evil.example/p)"/>'))).toContain(
      'external reference in style on <rect>',
    );
  });

  it('an XHTML script inside the SVG namespace tree', async () => {
    const nested = '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>';
    expect(await refusal(svg(nested))).toBe(
      'the icon is an SVG with active content, which is not allowed: <script> element',
    );
  });
});

describe('SVG icons that are clean', () => {
  it('are stored as the sanitiser output: editor metadata and animation dropped, shapes and #refs kept', async () => {
    const text = svg(
      '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>' +
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient><path id="p" d="M0 0h4v4z"/></defs>' +
        '<rect width="4" height="4" style="fill:url(#g)"><animate attributeName="x" to="8"/></rect>' +
        '<use xlink:href="#p"/><![CDATA[ a < b ]]>',
      'viewBox="0 0 48 32"',
    );
    const result = await checkImage(Buffer.from(text), 'the icon', ICON);
    expect(result).toMatchObject({ ok: true, format: 'svg', contentType: 'image/svg+xml', width: 48, height: 32 });
    const stored = result.ok ? result.data.toString() : '';
    expect(stored).toContain('<linearGradient id="g">');
    expect(stored).toContain('style="fill:url(#g)"');
    expect(stored).toContain('xlink:href="#p"');
    expect(stored).toContain('viewBox="0 0 48 32"');
    expect(stored).not.toMatch(/sodipodi|animate|CDATA/);
    expect(stored).toContain(' a &lt; b ');
    expect(await sanitizeSvg(stored)).toMatchObject({ kind: 'svg', svg: stored });
  });

  it('are refused when larger than the icon limits or without a size', async () => {
    expect(await refusal(svg('<circle r="4"/>', 'width="200px" height="20"'))).toBe(
      'the icon is 200×20 px; at most 96×96 are allowed',
    );
    expect(await refusal(svg('<circle r="4"/>', 'width="100%"'))).toBe(
      'the icon is an SVG without a size: give width and height in px, or a viewBox',
    );
  });

  it('malformed SVG is refused as such', async () => {
    expect(await refusal('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><g></svg>')).toBe(
      'the icon is not a well-formed SVG document',
    );
  });

  it('a DOCTYPE with entity definitions is not expanded recursively (no billion laughs)', async () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' +
      svg('<text>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</text>');
    const result = await checkImage(Buffer.from(lol), 'the icon', ICON);
    expect(result.ok ? result.data.length : 0).toBeLessThan(2048);
  });
});

describe('cssLoadsExternal', () => {
  it.each([
    ['fill: url(#a)', false],
    ["fill: url( '#a' )", false],
    ['.st0{fill:#fff;stroke:#000}', false],
    ['fill: url(http://x/y)', true],
    ['fill: url()', true],
    ['background: image-set("x.png" 1x)', true],
    ['@import "x.css"', true],
    ['fill: u\\72l(http://x)', true],
  ])('%s → %s', (css, expected) => {
    expect(cssLoadsExternal(css)).toBe(expected);
  });
});
