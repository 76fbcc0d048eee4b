/**
 * Lexer for Go text/template, producing the item stream of Go's parse/lex.go (modern Go:
 * trim markers `{{- ` / ` -}}`, newlines inside actions, comments, break/continue keywords,
 * number forms with `_`, `0b`, `0o`, hex floats). Positions are UTF-16 offsets into the input.
 *
 * Written for cold-start speed (the CLI lexes ~300 KB of chart templates once per process):
 * one loop over the text with char-code tests, no per-character allocation, and line numbers
 * computed from a newline cursor instead of per-character bookkeeping.
 */
import { formatRuneU, goQuote, isGoDigit, isGoLetter } from '@marina/go-runtime';
import { scanGoNumber } from './template-number.lexer';

export { formatRuneU, goQuote, isGoPrintable } from '@marina/go-runtime';

export const enum Item {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords (all after Keyword)
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

/** A lexed token. `line` is the 1-based line at the token's start. */
export interface Token {
  readonly type: Item;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS = new Map<string, Item>([
  ['.', Item.Dot],
  ['block', Item.Block],
  ['break', Item.Break],
  ['continue', Item.Continue],
  ['define', Item.Define],
  ['else', Item.Else],
  ['end', Item.End],
  ['if', Item.If],
  ['range', Item.Range],
  ['nil', Item.Nil],
  ['template', Item.Template],
  ['with', Item.With],
]);

export interface LexOptions {
  emitComment: boolean;
  breakOK: boolean;
  continueOK: boolean;
}

/** What follows a text segment. */
const enum Next {
  Stop,
  Action,
  Text,
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

const isSpaceCode = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;
const isAsciiAlnum = (c: number): boolean =>
  c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Whether the code point at `pos` is a Go letter, digit or underscore; returns its UTF-16 length or 0. */
function alnumLength(s: string, pos: number): number {
  const c = s.charCodeAt(pos);
  if (c < 0x80) return isAsciiAlnum(c) ? 1 : 0;
  const cp = s.codePointAt(pos)!;
  const ch = String.fromCodePoint(cp);
  return isGoLetter(ch) || isGoDigit(ch) ? ch.length : 0;
}

/** Scans a whole template text into tokens; the last token is EOF or Error. */
export class Lexer {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private tokens: Token[] = [];
  /** Line-number cursor: `lineNo` is the line of every position after `prevNl` up to `nextNl`. */
  private lineNo = 1;
  private nextNl: number;
  private readonly leftDelim: string;
  private readonly rightDelim: string;
  /** First UTF-16 unit of the right delimiter, and whether the delimiters are the default `{{ }}`. */
  private readonly rdFirst: number;
  private readonly rdFirstRune: string;
  private readonly defaultRight: boolean;

  constructor(
    private readonly input: string,
    leftDelim = '{{',
    rightDelim = '}}',
    private readonly options: LexOptions = { emitComment: false, breakOK: true, continueOK: true },
  ) {
    this.leftDelim = leftDelim || '{{';
    this.rightDelim = rightDelim || '}}';
    this.rdFirst = this.rightDelim.charCodeAt(0);
    this.rdFirstRune = String.fromCodePoint(this.rightDelim.codePointAt(0)!);
    this.defaultRight = this.rightDelim === '}}';
    const nl = input.indexOf('\n');
    this.nextNl = nl < 0 ? Infinity : nl;
  }

  /** Runs the lexer to completion. */
  run(): Token[] {
    while (this.lexSegment(this.tokens)) {
      // text and actions alternate until EOF or an error token
    }
    return this.tokens;
  }

  /**
   * Appends the tokens of the next text segment and the action after it to `out` (the parser
   * pulls tokens this way, so they die young); returns false once EOF or an error was emitted.
   */
  lexSegment(out: Token[]): boolean {
    this.tokens = out;
    const next = this.lexText();
    if (next === Next.Stop) return false;
    return next === Next.Text || this.lexAction();
  }

  // ---- tokens and lines ---------------------------------------------------------------------
  /** 1-based line of `p`; calls come with non-decreasing positions. */
  private lineAt(p: number): number {
    while (this.nextNl < p) {
      this.lineNo++;
      const nl = this.input.indexOf('\n', this.nextNl + 1);
      this.nextNl = nl < 0 ? Infinity : nl;
    }
    return this.lineNo;
  }

  /** Emits [start, pos) as a token of `type` and starts the next token at pos. */
  private emit(type: Item): void {
    const start = this.start;
    this.tokens.push({ type, pos: start, val: this.input.slice(start, this.pos), line: this.lineAt(start) });
    this.start = this.pos;
  }

  private errorf(msg: string): false {
    this.tokens.push({ type: Item.Error, pos: this.start, val: msg, line: this.lineAt(this.start) });
    return false;
  }

  // ---- text ---------------------------------------------------------------------------------
  /** Text up to the next action or comment; stops at EOF (after emitting it) or an error. */
  private lexText(): Next {
    const s = this.input;
    const x = s.indexOf(this.leftDelim, this.pos);
    if (x < 0) {
      this.pos = s.length;
      if (this.pos > this.start) this.emit(Item.Text);
      this.emit(Item.EOF);
      return Next.Stop;
    }
    const after = x + this.leftDelim.length;
    const trimLeft = s.charCodeAt(after) === DASH && after + 1 < s.length && isSpaceCode(s.charCodeAt(after + 1));
    if (x > this.start) {
      let end = x;
      if (trimLeft) while (end > this.start && isSpaceCode(s.charCodeAt(end - 1))) end--;
      if (end > this.start) {
        this.pos = end;
        this.emit(Item.Text);
      }
    }
    const inside = trimLeft ? after + 2 : after;
    if (s.startsWith('/*', inside)) {
      this.start = inside;
      this.pos = inside;
      return this.lexComment() ? Next.Text : Next.Stop;
    }
    this.start = x;
    this.pos = after;
    this.emit(Item.LeftDelim);
    this.start = inside;
    this.pos = inside;
    this.parenDepth = 0;
    return Next.Action;
  }

  private lexComment(): boolean {
    const s = this.input;
    const x = s.indexOf('*/', this.pos + 2);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + 2;
    const rd = this.rightDelimAt(this.pos);
    if (rd === 0) return this.errorf('comment ends before closing delimiter');
    if (this.options.emitComment) this.emit(Item.Comment);
    this.pos += rd === 2 ? 2 + this.rightDelim.length : this.rightDelim.length;
    if (rd === 2) this.skipSpaces();
    this.start = this.pos;
    return true;
  }

  /** 0: no right delimiter at p; 1: the delimiter; 2: a trim marker (space, '-') then the delimiter. */
  private rightDelimAt(p: number): 0 | 1 | 2 {
    const s = this.input;
    const c = s.charCodeAt(p);
    if (this.defaultRight) {
      if (c === 0x7d) return s.charCodeAt(p + 1) === 0x7d ? 1 : 0;
      return isSpaceCode(c) &&
        s.charCodeAt(p + 1) === DASH &&
        s.charCodeAt(p + 2) === 0x7d &&
        s.charCodeAt(p + 3) === 0x7d
        ? 2
        : 0;
    }
    if (isSpaceCode(c) && s.charCodeAt(p + 1) === DASH && s.startsWith(this.rightDelim, p + 2)) return 2;
    return s.startsWith(this.rightDelim, p) ? 1 : 0;
  }

  private skipSpaces(): void {
    const s = this.input;
    while (this.pos < s.length && isSpaceCode(s.charCodeAt(this.pos))) this.pos++;
  }

  // ---- actions ------------------------------------------------------------------------------
  /** Tokens of one action through its right delimiter; false after an error token. */
  private lexAction(): boolean {
    const s = this.input;
    for (;;) {
      const rd = this.rightDelimAt(this.pos);
      if (rd !== 0) {
        if (this.parenDepth !== 0) return this.errorf('unclosed left paren');
        return this.lexRightDelim(rd);
      }
      if (this.pos >= s.length) return this.errorf('unclosed action');
      const c = s.charCodeAt(this.pos);
      if (isSpaceCode(c)) {
        if (!this.lexSpace()) return this.lexRightDelim(2);
        continue;
      }
      if (!this.lexActionToken(c)) return false;
    }
  }

  private lexRightDelim(rd: 1 | 2): boolean {
    if (rd === 2) this.pos += 2;
    this.start = this.pos;
    this.pos += this.rightDelim.length;
    this.emit(Item.RightDelim);
    if (rd === 2) {
      this.skipSpaces();
      this.start = this.pos;
    }
    return true;
  }

  /**
   * A run of spaces. Returns false when the run is the single space of a trim marker before the
   * right delimiter (no Space token then); a longer run leaves that last space to the delimiter.
   */
  private lexSpace(): boolean {
    const s = this.input;
    const from = this.pos;
    while (this.pos < s.length && isSpaceCode(s.charCodeAt(this.pos))) this.pos++;
    if (s.charCodeAt(this.pos) === DASH && s.startsWith(this.rightDelim, this.pos + 1)) {
      this.pos--;
      if (this.pos === from) return false;
    }
    this.emit(Item.Space);
    return true;
  }

  /** One token starting with the non-space character `c`; false after an error token. */
  private lexActionToken(c: number): boolean {
    const s = this.input;
    this.pos++;
    switch (c) {
      case 0x3d:
        this.emit(Item.Assign);
        return true; // =
      case 0x3a: // :
        if (s.charCodeAt(this.pos) !== 0x3d) {
          if (this.pos < s.length) this.pos += s.codePointAt(this.pos)! > 0xffff ? 2 : 1;
          return this.errorf('expected :=');
        }
        this.pos++;
        this.emit(Item.Declare);
        return true;
      case 0x7c:
        this.emit(Item.Pipe);
        return true; // |
      case 0x22:
        return this.lexQuote(); // "
      case 0x60:
        return this.lexRawQuote(); // `
      case 0x24:
        return this.lexVariable(); // $
      case 0x27:
        return this.lexChar(); // '
      case 0x28: // (
        this.emit(Item.LeftParen);
        this.parenDepth++;
        return true;
      case 0x29: // )
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        this.emit(Item.RightParen);
        return true;
      default:
        break;
    }
    if (c === 0x2e) {
      // .
      const n = s.charCodeAt(this.pos);
      if (this.pos < s.length && (n < 0x30 || n > 0x39)) return this.lexFieldOrVariable(Item.Field);
    }
    if (c === 0x2e || c === 0x2b || c === DASH || (c >= 0x30 && c <= 0x39)) {
      this.pos--;
      return this.lexNumber();
    }
    this.pos--;
    const alnum = alnumLength(s, this.pos);
    if (alnum > 0) return this.lexIdentifier();
    const cp = s.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    if (cp >= 0x20 && cp < 0x7f) {
      this.emit(Item.Char);
      return true;
    }
    return this.errorf(`unrecognized character in action: ${formatRuneU(cp)}`);
  }

  private scanAlnum(): void {
    const s = this.input;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c < 0x80) {
        if (!isAsciiAlnum(c)) return;
        this.pos++;
        continue;
      }
      if (this.pos >= s.length) return;
      const n = alnumLength(s, this.pos);
      if (n === 0) return;
      this.pos += n;
    }
  }

  private lexIdentifier(): boolean {
    this.scanAlnum();
    if (!this.atTerminator()) return this.badChar();
    const word = this.input.slice(this.start, this.pos);
    const kw = KEYWORDS.get(word);
    if (kw !== undefined) {
      if ((kw === Item.Break && !this.options.breakOK) || (kw === Item.Continue && !this.options.continueOK)) {
        this.emit(Item.Identifier);
      } else {
        this.emit(kw);
      }
    } else if (word === 'true' || word === 'false') {
      this.emit(Item.Bool);
    } else {
      this.emit(Item.Identifier);
    }
    return true;
  }

  private badChar(): boolean {
    const s = this.input;
    const cp = this.pos < s.length ? s.codePointAt(this.pos)! : -1;
    if (cp >= 0) this.pos += cp > 0xffff ? 2 : 1;
    return this.errorf(`bad character ${cp < 0 ? 'U+FFFFFFFFFFFFFFFF' : formatRuneU(cp)}`);
  }

  private lexVariable(): boolean {
    if (this.atTerminator()) {
      this.emit(Item.Variable);
      return true;
    }
    return this.lexFieldOrVariable(Item.Variable);
  }

  private lexFieldOrVariable(type: Item.Field | Item.Variable): boolean {
    if (this.atTerminator()) {
      this.emit(type === Item.Variable ? Item.Variable : Item.Dot);
      return true;
    }
    this.scanAlnum();
    if (!this.atTerminator()) return this.badChar();
    this.emit(type);
    return true;
  }

  /** Whether the next character may follow an identifier. */
  private atTerminator(): boolean {
    const s = this.input;
    if (this.pos >= s.length) return true;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case SPACE:
      case TAB:
      case LF:
      case CR:
      case 0x2e:
      case 0x2c:
      case 0x7c:
      case 0x3a:
      case 0x29:
      case 0x28: // . , | : ) (
        return true;
      default:
        break;
    }
    if (c === this.rdFirst && this.rdFirstRune.length === 1) return true;
    return s.startsWith(this.rdFirstRune, this.pos);
  }

  private lexChar(): boolean {
    return this.lexQuoted(0x27, 'unterminated character constant', Item.CharConstant);
  }

  private lexQuote(): boolean {
    return this.lexQuoted(0x22, 'unterminated quoted string', Item.String);
  }

  /** A quoted literal with backslash escapes that may not span lines. */
  private lexQuoted(quote: number, unterminated: string, type: Item): boolean {
    const s = this.input;
    for (;;) {
      if (this.pos >= s.length) return this.errorf(unterminated);
      const c = s.charCodeAt(this.pos++);
      if (c === 0x5c) {
        if (this.pos >= s.length || s.charCodeAt(this.pos) === LF) return this.errorf(unterminated);
        this.pos++;
      } else if (c === LF) {
        return this.errorf(unterminated);
      } else if (c === quote) {
        break;
      }
    }
    this.emit(type);
    return true;
  }

  private lexRawQuote(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) {
      this.pos = this.input.length;
      return this.errorf('unterminated raw quoted string');
    }
    this.pos = end + 1;
    this.emit(Item.RawString);
    return true;
  }

  private lexNumber(): boolean {
    const s = this.input;
    const end = scanGoNumber(s, this.pos);
    this.pos = end < 0 ? ~end : end;
    if (end < 0) return this.errorf(`bad number syntax: ${goQuote(s.slice(this.start, this.pos))}`);
    const sign = s.charCodeAt(this.pos);
    if (sign === 0x2b || sign === DASH) {
      const im = scanGoNumber(s, this.pos);
      this.pos = im < 0 ? ~im : im;
      if (im < 0 || s.charCodeAt(this.pos - 1) !== 0x69) {
        return this.errorf(`bad number syntax: ${goQuote(s.slice(this.start, this.pos))}`);
      }
      this.emit(Item.Complex);
    } else {
      this.emit(Item.Number);
    }
    return true;
  }
}
