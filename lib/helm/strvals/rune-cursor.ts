/** A code-point reader with one-step unread, like Go's bytes.Buffer ReadRune/UnreadRune. */
export class RuneCursor {
  private readonly runes: string[];
  private pos = 0;

  constructor(text: string) {
    this.runes = Array.from(text);
  }

  /** The next rune, or undefined at the end. */
  read(): string | undefined {
    return this.pos < this.runes.length ? this.runes[this.pos++] : undefined;
  }

  unread(): void {
    if (this.pos > 0) this.pos--;
  }

  /** Everything not read yet. */
  rest(): string {
    return this.runes.slice(this.pos).join('');
  }

  /** Skips `n` UTF-16 code units of {@link rest} (used after decoding a JSON prefix). */
  skipUnits(n: number): void {
    let units = 0;
    while (units < n && this.pos < this.runes.length) units += this.runes[this.pos++].length;
  }
}

/** Result of reading up to a stop rune: the runes read (backslash escapes applied) and the stop. */
export interface RunesUntil {
  readonly text: string;
  /** The stop rune, or undefined when the input ended first. */
  readonly last: string | undefined;
}

/** strvals `runesUntil`: reads until a stop rune; `\x` takes x literally. */
export function runesUntil(c: RuneCursor, stop: ReadonlySet<string>, escapes = true): RunesUntil {
  let text = '';
  for (;;) {
    const r = c.read();
    if (r === undefined) return { text, last: undefined };
    if (stop.has(r)) return { text, last: r };
    if (escapes && r === '\\') {
      const next = c.read();
      if (next === undefined) return { text, last: undefined };
      text += next;
    } else text += r;
  }
}

/** Go's `%q` of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Go's `%q` of a []rune: each rune as a quoted character literal, in brackets. */
export function goQuoteRunes(s: string): string {
  return (
    '[' +
    Array.from(s)
      .map((ch) => (ch === "'" ? "'\\''" : ch === '\\' ? "'\\\\'" : `'${ch}'`))
      .join(' ') +
    ']'
  );
}
