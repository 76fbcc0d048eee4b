/**
 * A fast reader for the plain block-style YAML that templates and `toYaml` produce (mappings,
 * sequences, single-line plain/quoted scalars, literal block scalars, one-line flow collections),
 * giving the same values as the full reader. Anything outside that subset — tabs, anchors,
 * aliases, tags, merge keys, complex keys, folded or multi-line scalars, odd indentation, syntax
 * errors — makes it give up (return {@link BAIL}), and the caller falls back to the full reader,
 * which also produces yaml.v2's error messages.
 */
import { mapSet, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import {
  Bail,
  bail,
  findMappingColon,
  plainValue,
  readDouble,
  readFlow,
  readKey,
  readSingle,
  stripComment,
} from './fast-yaml.scalars';

/** Returned when the text is outside the supported subset. */
export const BAIL: unique symbol = Symbol('fast-yaml-bail');

interface Line {
  readonly indent: number;
  /** Content after the indentation, comments removed, trailing spaces trimmed. */
  readonly text: string;
  /** The raw line (for block scalars). */
  readonly raw: string;
}

const DOC_MARKER = /^(---|\.\.\.)(\s|$)/;

/** Reads the first document, or returns BAIL. */
export function fastReadYaml(src: string): GoValue | typeof BAIL {
  return read(src, null);
}

/**
 * Like {@link fastReadYaml}, but when the document is a mapping only the values of `keys` are
 * built; every other entry is read and checked exactly the same way (so BAIL comes back for
 * exactly the same texts) and then dropped. For callers that need a few fields of a big document
 * (manifest heads) and must still reject invalid YAML.
 */
export function fastReadYamlTopKeys(src: string, keys: ReadonlySet<string>): GoValue | typeof BAIL {
  return read(src, keys);
}

function read(src: string, topKeys: ReadonlySet<string> | null): GoValue | typeof BAIL {
  if (src.includes('\t') || src.includes('\r') || src.charCodeAt(0) === 0xfeff) return BAIL;
  try {
    const r = new Reader(splitLines(src), topKeys);
    return r.document();
  } catch (err) {
    if (err instanceof Bail) return BAIL;
    throw err;
  }
}

function splitLines(src: string): string[] {
  return src.split('\n');
}

class Reader {
  private i = 0;
  /** Line index {@link peeked} was read at (-1: none). peek() runs several times per line; its answer only changes when `i` or a line does. */
  private peekedAt = -1;
  private peeked: Line | undefined;
  /** False while reading a value nobody keeps: collections are still read and checked, not filled. */
  private build = true;
  constructor(
    private readonly lines: string[],
    private readonly topKeys: ReadonlySet<string> | null,
  ) {}

  document(): GoValue {
    this.skipBlank();
    if (this.i < this.lines.length && this.lines[this.i].startsWith('---')) bail();
    const first = this.peek();
    if (!first) return null;
    const v = this.node(first.indent, this.topKeys);
    this.skipBlank();
    // yaml.v2 reads only the first document; anything else left over is not ours to judge
    if (this.i < this.lines.length && !/^---(\s|$)/.test(this.lines[this.i])) bail();
    return v;
  }

  /** Next non-blank, non-comment line without consuming it. */
  private peek(): Line | undefined {
    if (this.peekedAt === this.i) return this.peeked; // skipBlank() stopped here already
    this.skipBlank();
    this.peekedAt = this.i;
    this.peeked = this.readLine();
    return this.peeked;
  }

  private readLine(): Line | undefined {
    if (this.i >= this.lines.length) return undefined;
    const raw = this.lines[this.i];
    const c0 = raw.charCodeAt(0);
    if ((c0 === 0x2d || c0 === 0x2e) && DOC_MARKER.test(raw)) return undefined; // the document ends here ('-' or '.' first)
    let indent = 0;
    while (raw.charCodeAt(indent) === 0x20) indent++;
    return { indent, text: stripComment(raw.slice(indent)), raw };
  }

  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const t = this.lines[this.i].trimStart();
      if (t !== '' && !t.startsWith('#')) return;
      this.i++;
    }
  }

  /** A block node whose first line starts at `indent`. */
  private node(indent: number, onlyKeys: ReadonlySet<string> | null = null): GoValue {
    const line = this.peek() as Line;
    if (line.indent !== indent) bail();
    if (line.text.startsWith('- ') || line.text === '-') return this.sequence(indent);
    if (findMappingColon(line.text) >= 0) return this.mapping(indent, onlyKeys);
    if (line.text.startsWith('...') || line.text.startsWith('---')) bail();
    this.i++;
    const v = this.inlineValue(line.text);
    return v;
  }

  /** A block mapping; with `onlyKeys`, the other keys' values are read unbuilt and left out. */
  private mapping(indent: number, onlyKeys: ReadonlySet<string> | null): GoMapObject {
    const build = this.build;
    const out = newGoMap();
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (line.text.startsWith('- ') || line.text === '-') bail();
      const colon = findMappingColon(line.text);
      if (colon < 0) bail();
      const key = readKey(line.text.slice(0, colon));
      if (key === '<<') bail();
      const rest = line.text.slice(colon + 1).trimStart();
      this.i++;
      const keep = onlyKeys === null ? build : onlyKeys.has(key);
      this.build = keep;
      const v = this.valueAfterIndicator(rest, indent, true, line.raw);
      this.build = build;
      if (keep) mapSet(out, key, v);
    }
    const next = this.peek();
    if (next && next.indent > indent) bail();
    return out;
  }

  private sequence(indent: number): GoValue[] {
    const build = this.build;
    const out: GoValue[] = [];
    for (
      let line = this.peek();
      line && line.indent === indent && (line.text.startsWith('- ') || line.text === '-');
      line = this.peek()
    ) {
      const rest = line.text === '-' ? '' : line.text.slice(2).trimStart();
      if (rest !== '' && (rest.startsWith('- ') || rest === '-' || findMappingColon(rest) >= 0)) {
        // compact nested collection: "- key: v" / "- - x" — re-read it as a node at its column
        const col = line.indent + (line.text.length - rest.length);
        this.lines[this.i] = ' '.repeat(col) + rest;
        this.peekedAt = -1;
        const v = this.node(col);
        if (build) out.push(v);
        continue;
      }
      this.i++;
      const v = this.valueAfterIndicator(rest, indent, false, line.raw);
      if (build) out.push(v);
    }
    const next = this.peek();
    if (next && next.indent > indent) bail();
    return out;
  }

  /** The value after `key:` or `-`: inline scalar, block scalar, or a nested block on later lines. */
  private valueAfterIndicator(rest: string, indent: number, inMapping: boolean, raw: string): GoValue {
    if (rest.startsWith('|')) return this.literal(rest, indent);
    if (rest !== '' && !'"\'[{'.includes(rest[0])) return plainValue(this.continuedPlain(rest, indent, raw));
    if (rest !== '') return this.inlineValue(rest);
    const next = this.peek();
    if (!next) return null;
    if (next.indent > indent) return this.node(next.indent);
    if (inMapping && next.indent === indent && (next.text.startsWith('- ') || next.text === '-'))
      return this.sequence(indent);
    return null;
  }

  /**
   * A plain scalar continued on more-indented lines (folded with single spaces). A blank or comment
   * line ends it; anything that could be a key or an entry makes the reader give up.
   */
  private continuedPlain(first: string, indent: number, raw: string): string {
    let text = first;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      let ind = 0;
      while (line.charCodeAt(ind) === 0x20) ind++;
      if (ind === line.length || ind <= indent) break;
      const t = line.slice(ind).trimEnd();
      if (t.startsWith('#')) break; // a comment ends the scalar (a later continuation is an error the caller rejects)
      if (
        raw.includes(' #') ||
        t.includes(' #') ||
        t.includes(': ') ||
        t.endsWith(':') ||
        t.startsWith('- ') ||
        t === '-'
      )
        bail();
      text += ' ' + t;
      this.i++;
    }
    return text;
  }

  /** A literal block scalar (`|`, `|-`, `|+`, optional indentation digit). */
  private literal(header: string, parentIndent: number): string {
    const m = /^\|(?:([1-9])([-+])?|([-+])([1-9])?)?$/.exec(header);
    if (!m) return bail();
    const digit = m[1] ?? m[4];
    const chomp = m[2] ?? m[3] ?? '';
    const n = this.lines.length;
    let blockIndent = digit ? parentIndent + Number(digit) : -1;
    let end = this.i;
    for (; end < n; end++) {
      const raw = this.lines[end];
      if (raw.trim() === '') continue;
      let ind = 0;
      while (raw.charCodeAt(ind) === 0x20) ind++;
      if (blockIndent < 0) blockIndent = ind > parentIndent ? ind : parentIndent + 1;
      if (ind < blockIndent) break;
    }
    let last = end;
    while (last > this.i && this.lines[last - 1].trim() === '') last--;
    if (last === this.i) {
      // an empty block: only blank lines (if any) before the next, less indented line
      if (chomp === '+' || this.lines.slice(this.i, end).some((l) => l.length > 0)) return bail();
      this.i = end;
      return '';
    }
    const body: string[] = [];
    for (let k = this.i; k < last; k++) {
      const raw = this.lines[k];
      if (raw.trim() === '') {
        if (raw.length > blockIndent) return bail();
        body.push('');
      } else body.push(raw.slice(blockIndent));
    }
    this.i = end;
    const text = body.join('\n');
    if (chomp === '-') return text;
    if (chomp === '') return last - 1 < n - 1 ? text + '\n' : text;
    return text + '\n'.repeat(end < n ? end - last + 1 : end - last);
  }

  /** A one-line scalar or flow collection. */
  private inlineValue(text: string): GoValue {
    const c = text[0];
    if (c === '"' || c === "'") {
      const [v, len] = c === '"' ? readDouble(text) : readSingle(text);
      if (text.slice(len).trim() !== '') bail();
      return v;
    }
    if (c === '[' || c === '{') {
      const [v, len] = readFlow(text, 0);
      if (text.slice(len).trim() !== '') bail();
      return v;
    }
    return plainValue(text);
  }
}
