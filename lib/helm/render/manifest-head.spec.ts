/**
 * Manifest heads must be exactly what yaml.Unmarshal of the whole document gives (the reference
 * below reads the full value with the full parser): same heads, same errors, same messages, on
 * every YAML file and rendered golden document under /work/shared/conformance, on damaged copies
 * of them, and on focused cases. The top-level-keys reader must give up on exactly the texts the
 * full fast reader gives up on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainMap, type GoValue } from '@marina/go-runtime';
import { BAIL, fastReadYaml, fastReadYamlTopKeys } from '../yaml/fast-yaml.reader';
import { parseYamlToJsonModel } from '../yaml/go-yaml-parse';
import { readHead } from './manifest-head';
import { splitManifests } from './manifest-sorter';
import { CONFORMANCE_DIR, filesUnder } from '../../../test/support/files';

const CONFORMANCE = CONFORMANCE_DIR;

/** Every YAML and text file of the conformance material. */
const walk = (dir: string): string[] => filesUnder(dir, /\.(ya?ml|txt)$/);

/** The head as Helm reads it: the whole document unmarshalled, then the SimpleHead fields. */
function referenceHead(doc: string, path: string): unknown {
  let v: GoValue;
  try {
    v = parseYamlToJsonModel(doc);
  } catch (err) {
    return { error: `YAML parse error on ${path}: ${(err as Error).message}` };
  }
  const str = (x: GoValue) =>
    typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : '';
  if (v === null) return { apiVersion: '', kind: '', name: '', annotations: null };
  if (!isPlainMap(v)) {
    return {
      error: `YAML parse error on ${path}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type releaseutil.SimpleHead`,
    };
  }
  const md = isPlainMap(v.metadata) ? v.metadata : null;
  let annotations: Record<string, string> | null = null;
  if (md && isPlainMap(md.annotations)) {
    annotations = {};
    for (const k of Object.keys(md.annotations)) annotations[k] = str(md.annotations[k]);
  }
  return { apiVersion: str(v.apiVersion), kind: str(v.kind), name: md ? str(md.name) : '', annotations };
}

function actualHead(doc: string, path: string): unknown {
  try {
    const h = readHead(doc, path);
    return {
      apiVersion: h.apiVersion,
      kind: h.kind,
      name: h.name,
      annotations: h.annotations === null ? null : { ...h.annotations },
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Damaged copies of a document: cut short, a stray unindented line, a tab, an unclosed flow collection, a bad float. */
function damaged(doc: string): string[] {
  const lines = doc.split('\n');
  const out: string[] = [];
  for (const at of [1, 3, Math.floor(lines.length / 2), lines.length - 1]) {
    if (at <= 0 || at >= lines.length) continue;
    out.push(lines.slice(0, at).join('\n'));
    out.push([...lines.slice(0, at), 'stray', ...lines.slice(at)].join('\n'));
    out.push([...lines.slice(0, at), '\tx: 1', ...lines.slice(at)].join('\n'));
    out.push([...lines.slice(0, at), 'zz: [a, b', ...lines.slice(at)].join('\n'));
    out.push([...lines.slice(0, at), 'zz: .inf', ...lines.slice(at)].join('\n'));
    out.push([...lines.slice(0, at), '   deeper: x', ...lines.slice(at)].join('\n'));
  }
  return out;
}

const docs: string[] = [];
for (const f of walk(CONFORMANCE)) {
  const text = readFileSync(f, 'utf8');
  docs.push(text);
  if (/golden|output/.test(f)) docs.push(...splitManifests(text));
}

describe('manifest heads', () => {
  it('match the full unmarshal on every conformance YAML file and rendered document', () => {
    for (const doc of docs)
      expect({ doc, head: actualHead(doc, 'c/templates/x.yaml') }).toEqual({
        doc,
        head: referenceHead(doc, 'c/templates/x.yaml'),
      });
  });

  it('match the full unmarshal on damaged documents (same errors, same messages)', () => {
    // a spread of rendered documents (each damaged copy is read by the slow full parser)
    const all = docs.filter((d) => /^kind: /m.test(d) && d.length < 20_000);
    const rendered = all.filter((_, i) => i % Math.ceil(all.length / 25) === 0);
    let errors = 0;
    for (const doc of rendered) {
      for (const bad of damaged(doc)) {
        const ref = referenceHead(bad, 'c/templates/bad.yaml');
        if ((ref as { error?: string }).error) errors++;
        expect({ bad, head: actualHead(bad, 'c/templates/bad.yaml') }).toEqual({ bad, head: ref });
      }
    }
    expect(errors).toBeGreaterThan(100);
  });

  it.each([
    [''],
    ['# only a comment\n'],
    ['- a\n- b\n'],
    ['just a string'],
    ['42'],
    ['true'],
    ['kind: Pod\nkind: Service\nmetadata:\n  name: x\n  name: y\n'],
    [
      'apiVersion: 1\nkind: true\nmetadata:\n  name: 1.5\n  annotations:\n    a: 1\n    b: null\n    c: [x]\n    d: {e: f}\n',
    ],
    ['metadata: [a]\n'],
    ['metadata:\n  annotations: x\n'],
    ['spec:\n  x: .nan\nkind: Pod\n'],
    ['spec:\n  <<: {a: 1}\nkind: Pod\n'],
    ['spec: &a\n  x: 1\nother: *a\nkind: Pod\n'],
    ['kind: Pod\nspec:\n  - a\n  - b: [1, {c: d}]\n    e: |\n      text\n'],
    ['kind: Pod\nspec:\n  x: [unclosed\n'],
    ['kind: Pod\n  bad: indent\n'],
    ['kind: Pod\n---\nkind: Service\n'],
    ['kind: "Po\\u0064"\nmetadata: {name: n, annotations: {helm.sh/hook: pre-install}}\n'],
  ])('%j', (doc) => {
    expect(actualHead(doc, 'c/templates/x.yaml')).toEqual(referenceHead(doc, 'c/templates/x.yaml'));
  });

  it('gives every caller of a memoised head the same frozen object', () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: memo\n  annotations:\n    a: b\n';
    const a = readHead(doc, 'x');
    expect(readHead(doc, 'y')).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.annotations)).toBe(true);
  });
});

describe('top-level-keys reader', () => {
  const keys = new Set(['apiVersion', 'kind', 'metadata']);
  it('gives up on exactly the texts the full reader gives up on, and keeps exactly the asked keys', () => {
    for (const doc of docs.flatMap((d) => [d, ...damaged(d).slice(0, 6)])) {
      const full = fastReadYaml(doc);
      const top = fastReadYamlTopKeys(doc, keys);
      expect({ doc, bail: top === BAIL }).toEqual({ doc, bail: full === BAIL });
      if (full === BAIL || top === BAIL) continue;
      if (!isPlainMap(full)) {
        expect(top).toEqual(full);
        continue;
      }
      const picked: Record<string, GoValue> = {};
      for (const k of Object.keys(full)) if (keys.has(k)) picked[k] = full[k];
      expect({ doc, top }).toEqual({ doc, top: picked });
    }
  });
});
