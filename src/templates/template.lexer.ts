/**
 * Lexer for Go text/template, following the item stream of Go's parse/lex.go (modern Go:
 * trim markers `{{- ` / ` -}}`, newlines inside actions, comments, break/continue keywords,
 * number forms with `_`, `0b`, `0o`, hex floats). Positions are UTF-16 offsets into the input.
 */

export const enum Item {
  Error, Bool, Char, CharConstant, Comment, Complex, Assign, Declare, EOF, Field, Identifier,
  LeftDelim, LeftParen, Number, Pipe, RawString, RightDelim, RightParen, Space, String, Text, Variable,
  // keywords (all after Keyword)
  Keyword, Block, Break, Continue, Dot, Define, Else, End, If, Nil, Range, Template, With,
}

/** A lexed token. `line` is the 1-based line at the token's start. */
export interface Token {
  readonly type: Item;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS = new Map<string, Item>([
  ['.', Item.Dot], ['block', Item.Block], ['break', Item.Break], ['continue', Item.Continue],
  ['define', Item.Define], ['else', Item.Else], ['end', Item.End], ['if', Item.If], ['range', Item.Range],
  ['nil', Item.Nil], ['template', Item.Template], ['with', Item.With],
]);

export interface LexOptions {
  emitComment: boolean;
  breakOK: boolean;
  continueOK: boolean;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string): boolean => {
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    return code === 0x5f || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  }
  return /^[\p{L}\p{Nd}]$/u.test(c);
};
const isAsciiPrint = (code: number): boolean => code >= 0x20 && code < 0x7f;

/** Length of trailing Go space characters. */
function rightTrimLength(s: string): number {
  let i = s.length;
  while (i > 0 && isSpace(s[i - 1])) i--;
  return s.length - i;
}

/** Go's `%#U` formatting of a rune. */
export function formatRuneU(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  const printable = cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0) && /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(ch);
  return printable ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/** Scans a whole template text into tokens; the last token is EOF or Error. */
export class Lexer {
  private pos = 0;
  private start = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly input: string,
    private readonly leftDelim = '{{',
    private readonly rightDelim = '}}',
    private readonly options: LexOptions = { emitComment: false, breakOK: true, continueOK: true },
  ) {
    if (!leftDelim) this.leftDelim = '{{';
    if (!rightDelim) this.rightDelim = '}}';
  }

  /** Runs the lexer to completion. */
  run(): Token[] {
    let state: (() => boolean) | null = this.lexText;
    while (state) {
      const cont: boolean = state.call(this);
      state = cont ? this.next : null;
    }
    return this.tokens;
  }

  // The state machine is encoded as: each lex* function sets `this.next` and returns true to
  // continue, or false to stop.
  private next: () => boolean = this.lexText;

  private emit(type: Item, end = this.pos): void {
    this.tokens.push({ type, pos: this.start, val: this.input.slice(this.start, end), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
  }

  private ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  private errorf(msg: string): boolean {
    this.tokens.push({ type: Item.Error, pos: this.start, val: msg, line: this.startLine });
    return false;
  }

  private goto(fn: () => boolean): boolean {
    this.next = fn;
    return true;
  }

  private hasLeftTrimMarker(at: number): boolean {
    return this.input[at] === '-' && at + 1 < this.input.length && isSpace(this.input[at + 1]);
  }

  private hasRightTrimMarker(at: number): boolean {
    return at + 1 < this.input.length && isSpace(this.input[at]) && this.input[at + 1] === '-';
  }

  /** Whether we are at the right delimiter, possibly preceded by a trim marker. */
  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (this.hasRightTrimMarker(this.pos) && this.input.startsWith(this.rightDelim, this.pos + 2)) {
      return { delim: true, trim: true };
    }
    if (this.input.startsWith(this.rightDelim, this.pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  private lexText(): boolean {
    const x = this.input.indexOf(this.leftDelim, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (this.hasLeftTrimMarker(x + this.leftDelim.length)) {
          trim = rightTrimLength(this.input.slice(this.start, x));
        }
        this.pos -= trim;
        this.line += countNewlines(this.input, this.start, this.pos);
        const text = this.input.slice(this.start, this.pos);
        const tok: Token = { type: Item.Text, pos: this.start, val: text, line: this.startLine };
        this.start = this.pos;
        this.startLine = this.line;
        this.pos += trim;
        this.ignore();
        if (text.length > 0) this.tokens.push(tok);
      }
      return this.goto(this.lexLeftDelim);
    }
    this.pos = this.input.length;
    if (this.pos > this.start) {
      this.line += countNewlines(this.input, this.start, this.pos);
      this.emit(Item.Text);
    }
    this.emit(Item.EOF);
    return false;
  }

  private lexLeftDelim(): boolean {
    this.pos += this.leftDelim.length;
    const trim = this.hasLeftTrimMarker(this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.ignore();
      return this.goto(this.lexComment);
    }
    this.emit(Item.LeftDelim);
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    return this.goto(this.lexInsideAction);
  }

  private lexComment(): boolean {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    const tok: Token = { type: Item.Comment, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    if (trim) this.pos += 2;
    this.pos += this.rightDelim.length;
    if (trim) this.pos += leftTrimLength(this.input, this.pos);
    this.ignore();
    if (this.options.emitComment) this.tokens.push(tok);
    return this.goto(this.lexText);
  }

  private lexRightDelim(): boolean {
    const { trim } = this.atRightDelim();
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += this.rightDelim.length;
    this.emit(Item.RightDelim);
    if (trim) {
      this.pos += leftTrimLength(this.input, this.pos);
      this.ignore();
    }
    return this.goto(this.lexText);
  }

  private lexInsideAction(): boolean {
    const { delim } = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return this.goto(this.lexRightDelim);
      return this.errorf('unclosed left paren');
    }
    if (this.pos >= this.input.length) return this.errorf('unclosed action');
    const c0 = this.input.charCodeAt(this.pos);
    const cp = c0 < 0x80 ? c0 : this.input.codePointAt(this.pos)!;
    const r = c0 < 0x80 ? this.input[this.pos] : String.fromCodePoint(cp);
    if (isSpace(r)) return this.goto(this.lexSpace);
    this.advance(r);
    switch (r) {
      case '=': this.emit(Item.Assign); return true;
      case ':':
        if (this.input[this.pos] !== '=') {
          if (this.pos < this.input.length) this.advance(this.input[this.pos]);
          return this.errorf('expected :=');
        }
        this.advance('=');
        this.emit(Item.Declare);
        return true;
      case '|': this.emit(Item.Pipe); return true;
      case '"': return this.goto(this.lexQuote);
      case '`': return this.goto(this.lexRawQuote);
      case '$': return this.goto(this.lexVariable);
      case "'": return this.goto(this.lexChar);
      case '(':
        this.emit(Item.LeftParen);
        this.parenDepth++;
        return true;
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        this.emit(Item.RightParen);
        return true;
      default: break;
    }
    if (r === '.') {
      const c = this.input[this.pos];
      if (this.pos < this.input.length && (c < '0' || c > '9')) return this.goto(this.lexField);
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.pos -= r.length;
      return this.goto(this.lexNumber);
    }
    if (isAlphaNumeric(r)) {
      this.pos -= r.length;
      return this.goto(this.lexIdentifier);
    }
    if (isAsciiPrint(cp)) {
      this.emit(Item.Char);
      return true;
    }
    return this.errorf(`unrecognized character in action: ${formatRuneU(cp)}`);
  }

  private advance(r: string): void {
    this.pos += r.length;
    if (r === '\n') this.line++;
  }

  private lexSpace(): boolean {
    let n = 0;
    while (this.pos < this.input.length && isSpace(this.input[this.pos])) {
      this.advance(this.input[this.pos]);
      n++;
    }
    // A trim-marked closing delimiter starts with a space: leave that space for lexRightDelim.
    if (this.hasRightTrimMarker(this.pos - 1) && this.input.startsWith(this.rightDelim, this.pos + 1)) {
      this.pos--;
      if (this.input[this.pos] === '\n') this.line--;
      if (n === 1) return this.goto(this.lexRightDelim);
    }
    this.emit(Item.Space);
    return this.goto(this.lexInsideAction);
  }

  private lexIdentifier(): boolean {
    this.scanAlnum();
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) return this.badChar();
    const kw = KEYWORDS.get(word);
    if (kw !== undefined) {
      if ((kw === Item.Break && !this.options.breakOK) || (kw === Item.Continue && !this.options.continueOK)) {
        this.emit(Item.Identifier);
      } else {
        this.emit(kw);
      }
    } else if (word[0] === '.') {
      this.emit(Item.Field);
    } else if (word === 'true' || word === 'false') {
      this.emit(Item.Bool);
    } else {
      this.emit(Item.Identifier);
    }
    return this.goto(this.lexInsideAction);
  }

  private scanAlnum(): void {
    const s = this.input;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c < 0x80) {
        if (c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
          this.pos++;
          continue;
        }
        break;
      }
      const cp = this.input.codePointAt(this.pos)!;
      const ch = String.fromCodePoint(cp);
      if (!isAlphaNumeric(ch)) break;
      this.pos += ch.length;
    }
  }

  private badChar(): boolean {
    const cp = this.pos < this.input.length ? this.input.codePointAt(this.pos)! : -1;
    if (cp >= 0) this.pos += String.fromCodePoint(cp).length;
    return this.errorf(`bad character ${cp < 0 ? 'U+FFFFFFFFFFFFFFFF' : formatRuneU(cp)}`);
  }

  private lexField(): boolean {
    return this.lexFieldOrVariable(Item.Field);
  }

  private lexVariable(): boolean {
    if (this.atTerminator()) {
      this.emit(Item.Variable);
      return this.goto(this.lexInsideAction);
    }
    return this.lexFieldOrVariable(Item.Variable);
  }

  private lexFieldOrVariable(type: Item): boolean {
    if (this.atTerminator()) {
      this.emit(type === Item.Variable ? Item.Variable : Item.Dot);
      return this.goto(this.lexInsideAction);
    }
    this.scanAlnum();
    if (!this.atTerminator()) return this.badChar();
    this.emit(type);
    return this.goto(this.lexInsideAction);
  }

  /** Whether the next character may follow an identifier. */
  private atTerminator(): boolean {
    if (this.pos >= this.input.length) return true;
    const r = this.input[this.pos];
    if (isSpace(r)) return true;
    switch (r) {
      case '.': case ',': case '|': case ':': case ')': case '(':
        return true;
      default:
        break;
    }
    return this.input.startsWith(String.fromCodePoint(this.rightDelim.codePointAt(0)!), this.pos);
  }

  private lexChar(): boolean {
    for (;;) {
      if (this.pos >= this.input.length) return this.errorf('unterminated character constant');
      const c = this.input[this.pos];
      this.advance(c);
      if (c === '\\') {
        if (this.pos >= this.input.length || this.input[this.pos] === '\n') return this.errorf('unterminated character constant');
        this.advance(this.input[this.pos]);
      } else if (c === '\n') {
        return this.errorf('unterminated character constant');
      } else if (c === "'") {
        break;
      }
    }
    this.emit(Item.CharConstant);
    return this.goto(this.lexInsideAction);
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.input[this.pos];
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      this.emit(Item.Complex);
    } else {
      this.emit(Item.Number);
    }
    return this.goto(this.lexInsideAction);
  }

  private accept(valid: string): boolean {
    if (this.pos < this.input.length && valid.includes(this.input[this.pos])) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.pos < this.input.length && valid.includes(this.input[this.pos])) this.pos++;
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (this.pos < this.input.length) {
      const ch = String.fromCodePoint(this.input.codePointAt(this.pos)!);
      if (isAlphaNumeric(ch)) {
        this.pos += ch.length;
        return false;
      }
    }
    return true;
  }

  private lexQuote(): boolean {
    for (;;) {
      if (this.pos >= this.input.length) return this.errorf('unterminated quoted string');
      const c = this.input[this.pos];
      this.advance(c);
      if (c === '\\') {
        if (this.pos >= this.input.length || this.input[this.pos] === '\n') return this.errorf('unterminated quoted string');
        this.advance(this.input[this.pos]);
      } else if (c === '\n') {
        return this.errorf('unterminated quoted string');
      } else if (c === '"') {
        break;
      }
    }
    this.emit(Item.String);
    return this.goto(this.lexInsideAction);
  }

  private lexRawQuote(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) {
      this.pos = this.input.length;
      return this.errorf('unterminated raw quoted string');
    }
    this.pos = end + 1;
    this.tokens.push({ type: Item.RawString, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
    return this.goto(this.lexInsideAction);
  }
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s[i])) i++;
  return i - from;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Go's `%q` for a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\t': out += '\\t'; continue;
      case '\r': out += '\\r'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\v': out += '\\v'; continue;
      default: break;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (!isGoPrintable(cp)) out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** Approximation of Go's strconv.IsPrint. */
export function isGoPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp === 0xad) return false;
  const ch = String.fromCodePoint(cp);
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch) || cp === 0x20;
}
