/**
 * tree-codec: encode → int32s + string table → decode rebuilds exactly the tree a fresh parse gives, for every
 * template of every conformance chart and every input of Go's parse and exec tables: same node
 * classes, fields, positions, lines, texts and `toString()`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Node, TreeInfo } from '../parse-tree.nodes';
import { parseTemplates, type ParseOptions } from '../template.parser';
import { BadTreeError, decodeTree, encodeTree, StringTable } from './tree-codec';

const SHARED = resolve(__dirname, '../../../../shared/conformance');

/** Every file under a templates/ directory of the conformance charts. */
function chartTemplates(dir: string, out: { name: string; text: string }[] = []): { name: string; text: string }[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) chartTemplates(p, out);
    else if (p.includes('/templates/')) out.push({ name: p.slice(SHARED.length + 1), text: readFileSync(p, 'utf8') });
  }
  return out;
}

/** Inputs of Go's tables (go-template-cases.json) that have an `input` column. */
function tableInputs(): { name: string; text: string }[] {
  const doc = JSON.parse(readFileSync(join(SHARED, 'go-template-cases.json'), 'utf8')) as {
    tables: Record<string, { rows: { name?: string; input?: unknown }[] }>;
  };
  const out: { name: string; text: string }[] = [];
  for (const [table, { rows }] of Object.entries(doc.tables)) {
    rows.forEach((r, i) => {
      if (typeof r.input === 'string') out.push({ name: `${table}#${i}`, text: r.input });
    });
  }
  return out;
}

// Every name is a function (the trees do not depend on which), except the break/continue keywords.
const opts: ParseOptions = { hasFunction: (n) => n !== 'break' && n !== 'continue' };

/** Structural equality of two nodes: same class, same fields (recursively), equal tree infos. */
function sameNode(a: unknown, b: unknown, path: string, infoA: TreeInfo, infoB: TreeInfo): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? null : `${path}: ${String(a)} !== ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different classes`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const k of ka) {
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (k === 'tree') {
      if (va !== infoA || vb !== infoB) return `${path}.tree: not the tree's info`;
      continue;
    }
    const d = sameNode(va, vb, `${path}.${k}`, infoA, infoB);
    if (d) return d;
  }
  return null;
}

function roundTrip(name: string, text: string): { trees: number; diffs: string[] } {
  let fresh;
  try {
    fresh = parseTemplates(name, text, opts);
  } catch {
    return { trees: 0, diffs: [] }; // error rows: nothing to encode
  }
  const diffs: string[] = [];
  for (const [tname, tree] of fresh) {
    const info: TreeInfo = { ...tree.info };
    const table = new StringTable();
    const decoded = decodeTree(Int32Array.from(encodeTree(tree.root, table)), [...table.strings], info);
    const d = sameNode(tree.root as Node, decoded as Node, `${name}/${tname}`, tree.info, info);
    if (d) diffs.push(d);
    if (decoded.toString() !== tree.root.toString()) diffs.push(`${name}/${tname}: toString differs`);
  }
  return { trees: fresh.size, diffs };
}

describe('tree codec round trip', () => {
  it('rebuilds every tree of every conformance chart exactly', () => {
    const files = chartTemplates(join(SHARED, 'charts'));
    expect(files.length).toBeGreaterThan(100);
    let trees = 0;
    const diffs: string[] = [];
    for (const f of files) {
      const r = roundTrip(f.name, f.text);
      trees += r.trees;
      diffs.push(...r.diffs);
    }
    expect(diffs).toEqual([]);
    expect(trees).toBeGreaterThan(500);
  });

  it("rebuilds every parseable input of Go's parse and exec tables exactly", () => {
    const inputs = tableInputs();
    expect(inputs.length).toBeGreaterThan(300);
    const diffs: string[] = [];
    for (const f of inputs) diffs.push(...roundTrip(f.name, f.text).diffs);
    expect(diffs).toEqual([]);
  });

  it('keeps numbers, chars and complex literals exactly (re-classified by the parser)', () => {
    const text =
      "{{1}} {{-2}} {{0x1F}} {{1e3}} {{1.5}} {{'a'}} {{'\\n'}} {{1+2i}} {{3i}} {{0x1p-2}} {{1_000}} {{18446744073709551615}} {{-9223372036854775808}} {{0x1e+5i}}";
    expect(roundTrip('n', text)).toEqual({ trees: 1, diffs: [] });
  });

  it('stores text node texts as lengths when they are the template text at their position', () => {
    const tree = parseTemplates('t', 'hello {{- " x" -}}   world', opts).get('t')!;
    const table = new StringTable();
    encodeTree(tree.root, table);
    expect(table.strings.join('|')).not.toContain('hello');
    expect(table.strings.join('|')).not.toContain('world');
    expect(table.strings).toContain('" x"');
  });

  it('rejects malformed encodings instead of building a wrong tree', () => {
    const info: TreeInfo = { parseName: 't', text: 'x', leftDelim: '{{', rightDelim: '}}' };
    const strings = ['s'];
    // Well formed: an empty list; a list holding the text node "x" (stored as its length).
    expect(decodeTree(Int32Array.from([9, 0, 0]), strings, info).nodes).toHaveLength(0);
    expect(decodeTree(Int32Array.from([9, 0, 1, 0, 0, -2]), strings, info).toString()).toBe('x');
    const damaged = [
      [],
      [99, 0],
      [9, -1, 0],
      [9, 0, 1, 0, 0, -3],
      [9, 0, 1, 0, 0, 5],
      [9, 0, 2, 0, 0, -2],
      [9, 0, 0, 5],
      [9, 0, 1, 7, 0, 5],
      [9, 0, 1, 4, 0, 1, 22, 0, 3],
      [7, 0, 0],
      [9, 0, 1, 6, 0, 2, 0],
      [9, 0, 1, 1, 0, 1, 9, 0, 0],
    ];
    for (const bad of damaged) {
      expect(() => decodeTree(Int32Array.from(bad), strings, info)).toThrow(BadTreeError);
    }
  });
});
