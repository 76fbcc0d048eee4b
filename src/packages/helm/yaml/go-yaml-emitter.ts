/**
 * A YAML emitter that writes exactly what gopkg.in/yaml.v2 (`yaml.Marshal`) writes for a tree of
 * untagged scalars, mappings and sequences: 2-space indentation, block sequences inside mappings
 * not indented, empty collections as `{}`/`[]`, libyaml's quoting decisions and its line folding
 * at 80 columns for plain and quoted scalars. Only one implicit document is written.
 */
import {
  analyzeScalar, codePoints, isBreak, isPrintable, isSpace, selectScalarStyle, utf8Length,
  type ScalarStyle,
} from './go-yaml-scalar';

/** A node to emit. `style` is the style the encoder asks for; the emitter may override it. */
export type YamlNode =
  | { readonly kind: 'scalar'; readonly text: string; readonly style: 'plain' | 'double' | 'literal' }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [YamlNode, YamlNode]> }
  | { readonly kind: 'seq'; readonly items: readonly YamlNode[] };

interface NodeContext {
  readonly root: boolean;
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

const BEST_INDENT = 2;
/** Scalars libyaml writes unchanged in the requested plain or double-quoted style. */
const SIMPLE = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;
const BEST_WIDTH = 80;

const ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, '0'], [0x07, 'a'], [0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0b, 'v'], [0x0c, 'f'], [0x0d, 'r'],
  [0x1b, 'e'], [0x22, '"'], [0x5c, '\\'], [0x85, 'N'], [0xa0, '_'], [0x2028, 'L'], [0x2029, 'P'],
]);

/** Emitter settings; the defaults are yaml.v2's `Marshal`. */
export interface EmitOptions {
  /** Indent block sequences inside mappings (yaml.v3 encoders do; yaml.v2 does not). */
  readonly indentSequences?: boolean;
  /** Fold long scalars past this column (yaml.v2: 80; yaml.v3: never). */
  readonly bestWidth?: number;
  /** yaml.v3's tab handling (see analyzeScalar). */
  readonly v3Tabs?: boolean;
}

/** Emits one document holding `root`; the result ends with a line break like yaml.Marshal's. */
export function emitYamlDocument(root: YamlNode, opts: EmitOptions = {}): string {
  const e = new Emitter(opts.indentSequences ?? false, opts.bestWidth ?? BEST_WIDTH, opts.v3Tabs ?? false);
  e.node(root, { root: true, mapping: false, simpleKey: false });
  e.writeIndent(); // document end
  return e.result();
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;

  constructor(
    private readonly indentSequences: boolean,
    private readonly bestWidth: number,
    private readonly v3Tabs: boolean,
  ) {}

  result(): string {
    return this.out.join('');
  }

  node(n: YamlNode, ctx: NodeContext): void {
    if (n.kind === 'scalar') return this.scalar(n.text, n.style, ctx);
    const empty = n.kind === 'map' ? n.entries.length === 0 : n.items.length === 0;
    if (n.kind === 'seq') {
      if (this.flowLevel > 0 || empty) this.flowSequence(n.items);
      else this.blockSequence(n.items, ctx);
    } else if (this.flowLevel > 0 || empty) this.flowMapping(n.entries);
    else this.blockMapping(n.entries);
  }

  private blockSequence(items: readonly YamlNode[], ctx: NodeContext): void {
    this.increaseIndent(false, !this.indentSequences && ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { root: false, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private blockMapping(entries: ReadonlyArray<readonly [YamlNode, YamlNode]>): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { root: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { root: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private flowSequence(items: readonly YamlNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(item, { root: false, mapping: false, simpleKey: false });
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private flowMapping(entries: ReadonlyArray<readonly [YamlNode, YamlNode]>): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    entries.forEach(([key, value], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { root: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.node(key, { root: false, mapping: true, simpleKey: false });
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.node(value, { root: false, mapping: true, simpleKey: false });
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private scalar(text: string, requested: ScalarStyle, ctx: NodeContext): void {
    if (text.length > 0 && text.length <= 64 && SIMPLE.test(text) && (requested === 'plain' || requested === 'double') && !text.startsWith('...')) {
      // Letters, digits and "_./-" only: no indicator, space or special character, so libyaml keeps
      // the requested style and writes the text as is.
      if (requested === 'plain') {
        if (!this.whitespace) this.put(' ');
        this.put(text);
      } else {
        this.writeIndicator('"', true, false, false);
        this.put(text + '"');
      }
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const cps = codePoints(text);
    const style = selectScalarStyle(requested, analyzeScalar(cps, this.v3Tabs), cps.length === 0, {
      flowLevel: this.flowLevel,
      simpleKey: ctx.simpleKey,
    });
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.plain(cps, allowBreaks);
    else if (style === 'single') this.singleQuoted(cps, allowBreaks);
    else if (style === 'double') this.doubleQuoted(cps, allowBreaks);
    else this.literal(cps);
    this.popIndent();
  }

  private plain(cps: readonly number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && !isSpace(cps[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(cps: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const last = cps.length - 1;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== last && !isSpace(cps[i + 1])) {
          this.writeIndent();
        } else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(cps: readonly number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const last = cps.length - 1;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\' + escapeOf(c));
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== last) {
          this.writeIndent();
          if (isSpace(cps[i + 1])) this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(cps: readonly number[]): void {
    this.writeIndicator('|', true, false, false);
    this.blockScalarHints(cps);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  private blockScalarHints(cps: readonly number[]): void {
    if (isSpace(cps[0]) || isBreak(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    const n = cps.length;
    if (n === 0 || !isBreak(cps[n - 1])) chomp = '-';
    else if (n === 1 || isBreak(cps[n - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() as number;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private put(s: string): void {
    this.out.push(s);
    this.column += s.length;
  }

  private write(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.write(c);
      this.column = 0;
    }
  }
}

function escapeOf(c: number): string {
  const named = ESCAPES.get(c);
  if (named !== undefined) return named;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return 'x' + hex.padStart(2, '0');
  if (c <= 0xffff) return 'u' + hex.padStart(4, '0');
  return 'U' + hex.padStart(8, '0');
}

/** libyaml's `yaml_emitter_check_simple_key` for our node kinds. */
function isSimpleKey(n: YamlNode): boolean {
  if (n.kind === 'map') return n.entries.length === 0;
  if (n.kind === 'seq') return n.items.length === 0;
  if (codePoints(n.text).some(isBreak)) return false;
  return utf8Length(n.text) <= 128;
}
