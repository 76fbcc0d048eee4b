/**
 * parseWithCache and the disk store: a set installed from the cache behaves like a freshly parsed
 * one (templates, replacement rules, output, error positions), LazyTree decodes on demand, and the cache
 * is keyed by every input, never caches errors, and shrugs off damaged or unwritable storage.
 */
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template, type ExecContext } from '../template';
import { contextFunc, type GoValue } from '@marina/go-runtime';
import { sprigFuncMap } from '../sprig';
import { cacheInputs, parseWithCache, type ParseInput } from './cached-parse';
import { LazyTree } from './lazy-tree';
import { decodeTree, encodeTree, StringTable } from './tree-codec';
import { MAX_ENTRIES, ParseCacheStore } from './parse-cache.store';

/** A stored set without trees (for tests of the store's keying and eviction). */
const EMPTY_SET = { strings: [], ints: [], groups: [] };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marina-parse-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FILES: ParseInput[] = [
  {
    name: 'c/templates/_helpers.tpl',
    text: '{{- define "c.name" -}}{{ .Values.name | default "c" | trunc 63 }}{{- end }}\n{{ define "empty" }}{{ end }}',
  },
  {
    name: 'p/templates/_helpers.tpl',
    text: '{{- define "c.name" -}}parent-{{ .Values.name }}{{- end }}\n{{ define "empty" }}  {{/* c */}}{{ end }}',
  },
  {
    name: 'p/templates/cm.yaml',
    text: 'name: {{ include "c.name" . }}\n{{- range $i, $v := .Values.list }}\n- {{ $i }}: {{ $v | quote }}{{ if eq $i 1 }} one{{ else if gt $i 1 }} many{{ end }}\n{{- end }}\nn: {{ 1e3 }} {{ \'a\' }} {{ 2i }}\n',
  },
  { name: 'p/templates/bad-exec.yaml', text: 'line1\n  {{ .Values.missing.deeper.field }}\n' },
];

function master(): Template {
  const include = contextFunc(
    (ctx: ExecContext, name: string, data: GoValue) => ctx.template.executeTemplate(name, data),
    'func(string, interface {}) (string, error)',
  );
  return Template.create('gotpl').option('missingkey=zero').funcs(sprigFuncMap()).funcs({ include });
}

function plain(files: readonly ParseInput[] = FILES): Template {
  const m = master();
  for (const f of files) m.new(f.name).parse(f.text);
  return m;
}

function cached(files: readonly ParseInput[] = FILES): Template {
  const m = master();
  parseWithCache(m, files, dir);
  return m;
}

function entries(): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.mpc'));
}

/** Every template of the set: name → tree text (or null when it has no tree). */
function describeSet(t: Template): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const x of t.templates()) out[x.name] = x.tree ? `${x.tree.name}|${x.tree.root.toString()}` : null;
  return out;
}

function run(t: Template, name: string): string {
  try {
    return t.executeTemplate(name, { Values: { name: 'n', list: ['a', 'b', 'c'] } } as never);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('parseWithCache', () => {
  it('writes an entry on a miss and builds from it on a hit: the same set, output and errors as parse()', () => {
    const fresh = plain();
    const miss = cached();
    expect(entries()).toHaveLength(1);
    const hit = cached();
    for (const t of [miss, hit]) {
      expect(describeSet(t)).toEqual(describeSet(fresh));
      for (const f of FILES) expect(run(t, f.name)).toBe(run(fresh, f.name));
    }
    expect(run(hit, 'p/templates/bad-exec.yaml')).toMatch(/p\/templates\/bad-exec\.yaml:2:/);
    expect(hit.lookup('p/templates/cm.yaml')?.tree).toBeInstanceOf(LazyTree);
  });

  it('keeps addParseTree rules: later files override defines, an empty define never replaces a full one', () => {
    const hit = (cached(), cached());
    expect(run(hit, 'c.name')).toBe('parent-n');
    const emptyFirst: ParseInput[] = [
      { name: 'a', text: '{{ define "x" }}full{{ end }}' },
      { name: 'b', text: '{{ define "x" }} {{ end }}' },
    ];
    cached(emptyFirst);
    expect(run(cached(emptyFirst), 'x')).toBe('full');
    expect(run(plain(emptyFirst), 'x')).toBe('full');
  });

  it('LazyTree decodes on first access of root only, and installing one needs no decode', () => {
    const info = { parseName: 't', text: 'hi {{ .Values.name }}', leftDelim: '{{', rightDelim: '}}' };
    const fresh = plain([{ name: 't', text: info.text }]).lookup('t')!.tree!;
    let payloads = 0;
    const table = new StringTable();
    const ints = Int32Array.from(encodeTree(fresh.root, table));
    const source = {
      info,
      decode: (start: number, end: number) => (payloads++, decodeTree(ints.subarray(start, end), table.strings, info)),
      reparse: () => {
        throw new Error('not damaged');
      },
    };
    const lazy = new LazyTree('t', false, source, 0, ints.length);
    const set = master();
    set.new('t').addParseTree('t', lazy);
    expect(payloads).toBe(0);
    expect(lazy.root.toString()).toBe(fresh.root.toString());
    void lazy.root;
    expect(payloads).toBe(1);
    expect(run(set, 't')).toBe('hi n');
  });

  it('never caches a parse error, and reports it exactly as parse() does', () => {
    const files = [...FILES, { name: 'p/templates/broken.yaml', text: 'a\n{{ if .X }}\n{{ nosuchfn 1 }}' }];
    const wrap = (name: string, err: unknown): Error => new Error(`${name}: ${(err as Error).message}`);
    let plainErr = '';
    try {
      plain(files);
    } catch (e) {
      plainErr = `p/templates/broken.yaml: ${(e as Error).message}`;
    }
    expect(plainErr).toContain('function "nosuchfn" not defined');
    for (let i = 0; i < 2; i++) expect(() => parseWithCache(master(), files, dir, wrap)).toThrow(plainErr);
    expect(entries()).toHaveLength(0);
  });

  it('misses when a template text, a template name, a function name or the parser changes', () => {
    const settings = master().parseSettings();
    const store = new ParseCacheStore(dir);
    const base = cacheInputs(settings, FILES);
    store.write(base, EMPTY_SET);
    expect(store.read(base)).not.toBeNull();
    const variants: string[][] = [
      cacheInputs(
        settings,
        FILES.map((f, i) => (i === 2 ? { ...f, text: f.text.replace('one', 'onf') } : f)),
      ),
      cacheInputs(
        settings,
        FILES.map((f, i) => (i === 2 ? { ...f, name: 'p/templates/cm2.yaml' } : f)),
      ),
      cacheInputs({ ...settings, functionNames: [...settings.functionNames, 'extra'] }, FILES),
      cacheInputs({ ...settings, leftDelim: '[[' }, FILES),
      base.map((s, i) => (i === 2 ? `${s} ` : s)), // the first parser module's source
    ];
    for (const v of variants) expect(store.read(v)).toBeNull();
    // Same-length edits sample-hash alike or not; either way the stored inputs decide.
    const sameLen = cacheInputs(
      settings,
      FILES.map((f, i) => (i === 2 ? { ...f, text: f.text.replace('one', 'onf') } : f)),
    );
    expect(sameLen[sameLen.length - 1].length).toBe(base[base.length - 1].length);
  });

  it('a function that stops existing makes a set that parsed fail again, with parse()s error', () => {
    const files = [{ name: 'f', text: '{{ extra 1 }}' }];
    const withExtra = (): Template => master().funcs({ extra: (x: unknown) => x });
    parseWithCache(withExtra(), files, dir);
    parseWithCache(withExtra(), files, dir);
    expect(() => parseWithCache(master(), files, dir)).toThrow('function "extra" not defined');
  });

  it('ignores and overwrites corrupt, truncated and foreign entries', () => {
    cached();
    const [name] = entries();
    const path = join(dir, name);
    const good = readFileSync(path);
    const damaged = [
      good.subarray(0, good.length - 10),
      Buffer.from('garbage'),
      Buffer.alloc(0),
      Buffer.concat([good, Buffer.from('x')]),
      Buffer.from(good.toString('latin1').replace('"lens"', '"lenz"'), 'latin1'),
    ];
    for (const bytes of damaged) {
      writeFileSync(path, bytes);
      const t = cached();
      expect(describeSet(t)).toEqual(describeSet(plain()));
      expect(readFileSync(path).equals(good)).toBe(true);
    }
  });

  it('falls back to parsing when a stored tree is damaged, and drops the entry', () => {
    cached();
    const [name] = entries();
    const path = join(dir, name);
    const bytes = readFileSync(path);
    // Damage the last tree (the header, inputs and string table stay valid): its root's node type
    // becomes one that does not exist. The trees are the file's last intCount int32s.
    const header = JSON.parse(bytes.toString('utf8').split('\n')[1]) as {
      intCount: number;
      groups: [string, number, number, number][][];
    };
    const last = header.groups.flat().reduce((a, b) => (b[2] > a[2] ? b : a));
    bytes.writeInt32LE(99, bytes.length - (header.intCount - last[2]) * 4);
    writeFileSync(path, bytes);
    const t = cached();
    expect(describeSet(t)).toEqual(describeSet(plain()));
    for (const f of FILES) expect(run(t, f.name)).toBe(run(plain(), f.name));
    expect(existsSync(path)).toBe(false);
  });

  it('silently parses without a cache when the directory cannot be written', () => {
    if (process.getuid?.() === 0) return; // root writes anyway
    chmodSync(dir, 0o500);
    try {
      const t = master();
      parseWithCache(t, FILES, join(dir, 'sub'));
      parseWithCache(t, FILES, dir);
      expect(describeSet(t)).toEqual(describeSet(plain()));
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(entries()).toHaveLength(0);
  });

  it('keeps the most recently used entries only', () => {
    const store = new ParseCacheStore(dir);
    const old = Date.now() / 1000 - 3600;
    for (let i = 0; i < MAX_ENTRIES; i++) {
      const inputs = [`set ${i}`];
      store.write(inputs, EMPTY_SET);
      const p = store.pathFor(inputs);
      utimesSync(p, old + i, old + i);
    }
    store.read(['set 0']); // a hit makes set 0 the most recently used
    store.write(['one more'], EMPTY_SET);
    expect(entries()).toHaveLength(MAX_ENTRIES);
    expect(existsSync(store.pathFor(['set 0']))).toBe(true);
    expect(existsSync(store.pathFor(['set 1']))).toBe(false);
    expect(statSync(store.pathFor(['one more'])).isFile()).toBe(true);
  });
});
