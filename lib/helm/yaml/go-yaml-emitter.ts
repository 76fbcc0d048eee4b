/**
 * A YAML emitter that writes exactly what gopkg.in/yaml.v2 (`yaml.Marshal`) writes for a tree of
 * untagged scalars, mappings and sequences: 2-space indentation, block sequences inside mappings
 * not indented, empty collections as `{}`/`[]`, libyaml's quoting decisions and its line folding
 * at 80 columns for plain and quoted scalars. Only one implicit document is written.
 */
import { analyzeScalar, codePoints, hasBreak, selectScalarStyle, utf8Length, type ScalarStyle } from './go-yaml-scalar';
import { YamlWriter } from './go-yaml-writer';

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

/** Scalars libyaml writes unchanged in the requested plain or double-quoted style. */
const SIMPLE = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;
const BEST_WIDTH = 80;

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

class Emitter extends YamlWriter {
  constructor(
    private readonly indentSequences: boolean,
    bestWidth: number,
    private readonly v3Tabs: boolean,
  ) {
    super(bestWidth);
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
    if (
      text.length > 0 &&
      text.length <= 64 &&
      SIMPLE.test(text) &&
      (requested === 'plain' || requested === 'double') &&
      !text.startsWith('...')
    ) {
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
    else this.literal(cps, text);
    this.popIndent();
  }
}

/** libyaml's `yaml_emitter_check_simple_key` for our node kinds. */
function isSimpleKey(n: YamlNode): boolean {
  if (n.kind === 'map') return n.entries.length === 0;
  if (n.kind === 'seq') return n.items.length === 0;
  if (hasBreak(n.text)) return false;
  return utf8Length(n.text) <= 128;
}
