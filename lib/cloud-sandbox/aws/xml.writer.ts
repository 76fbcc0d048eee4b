/**
 * A small XML writer for EC2's response documents. Nodes are plain values: an element with text,
 * an element with children, or nothing (`undefined` members are left out, as EC2 omits unset fields).
 */
export type XmlNode =
  { readonly name: string; readonly text: string } | { readonly name: string; readonly children: readonly XmlChild[] };
export type XmlChild = XmlNode | undefined;

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** `<name>value</name>`, or nothing when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined): XmlNode | undefined {
  return value === undefined ? undefined : { name, text: String(value) };
}

export function node(name: string, ...children: readonly XmlChild[]): XmlNode {
  return { name, children };
}

/** EC2's list form: `<name><item>…</item><item>…</item></name>`. */
export function itemSet<T>(name: string, items: readonly T[], render: (item: T) => readonly XmlChild[]): XmlNode {
  return node(name, ...items.map((item) => node('item', ...render(item))));
}

/** EC2's tag list (`tagSet`), left out when there are no tags. */
export function tagSet(tags: Readonly<Record<string, string>>): XmlNode | undefined {
  const entries = Object.entries(tags);
  if (entries.length === 0) return undefined;
  return itemSet('tagSet', entries, ([key, value]) => [leaf('key', key), leaf('value', value)]);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function write(n: XmlNode, out: string[]): void {
  if ('text' in n) {
    out.push(`<${n.name}>${escapeXml(n.text)}</${n.name}>`);
    return;
  }
  const present = n.children.filter((c): c is XmlNode => c !== undefined);
  if (present.length === 0) {
    out.push(`<${n.name}/>`);
    return;
  }
  out.push(`<${n.name}>`);
  for (const child of present) write(child, out);
  out.push(`</${n.name}>`);
}

/** A successful action's document: `<ActionResponse xmlns="…"><requestId>…</requestId>…</ActionResponse>`. */
export function actionResponse(action: string, requestId: string, body: readonly XmlChild[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n', `<${action}Response xmlns="${EC2_XMLNS}">`];
  out.push(`<requestId>${escapeXml(requestId)}</requestId>`);
  for (const child of body) if (child) write(child, out);
  out.push(`</${action}Response>`);
  return out.join('');
}

/** EC2's error document: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function errorResponse(code: string, message: string, requestId: string): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(
    node(
      'Response',
      node('Errors', node('Error', leaf('Code', code), leaf('Message', message))),
      leaf('RequestID', requestId),
    ),
    out,
  );
  return out.join('');
}
