/**
 * The output side of the yaml.v2 (libyaml) emitter: column/indentation state, indicators, line
 * breaks, and the four scalar writers (plain, single-quoted, double-quoted, literal) with
 * libyaml's folding at the best width and its escapes.
 */
import { isBreak, isPrintable, isSpace } from './go-yaml-scalar';

export const BEST_INDENT = 2;
const OTHER_BREAKS = /[\r\u0085\u2028\u2029]/;
const SURROGATES = /[\ud800-\udfff]/;

const ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

/** Emitter state and writing primitives shared by the structural emitter. */
export abstract class YamlWriter {
  protected readonly out: string[] = [];
  protected column = 0;
  protected indent = -1;
  protected readonly indents: number[] = [];
  protected whitespace = true;
  protected indention = true;
  protected flowLevel = 0;

  constructor(protected readonly bestWidth: number) {}

  result(): string {
    return this.out.join('');
  }

  protected plain(cps: readonly number[], allowBreaks: boolean): void {
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

  protected singleQuoted(cps: readonly number[], allowBreaks: boolean): void {
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

  protected doubleQuoted(cps: readonly number[], allowBreaks: boolean): void {
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

  protected literal(cps: readonly number[], text: string): void {
    this.writeIndicator('|', true, false, false);
    this.blockScalarHints(cps);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    if (!OTHER_BREAKS.test(text)) return this.literalLines(text);
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

  /** The literal body when "\n" is the only line break: whole lines at a time. */
  private literalLines(text: string): void {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line !== '') {
        this.writeIndent();
        this.out.push(line);
        this.column += SURROGATES.test(line) ? Array.from(line).length : line.length;
        this.indention = false;
      }
      if (i < lines.length - 1) {
        this.putBreak();
        this.indention = true;
      }
    }
  }

  protected blockScalarHints(cps: readonly number[]): void {
    if (isSpace(cps[0]) || isBreak(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    const n = cps.length;
    if (n === 0 || !isBreak(cps[n - 1])) chomp = '-';
    else if (n === 1 || isBreak(cps[n - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  protected increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  protected popIndent(): void {
    this.indent = this.indents.pop() as number;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  protected writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  protected put(s: string): void {
    this.out.push(s);
    this.column += s.length;
  }

  protected write(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column++;
  }

  protected putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  protected writeBreak(c: number): void {
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
