/**
 * Go's `unicode.IsLetter` and `unicode.IsDigit` for one code point (given as its string), as the
 * lexer (identifiers, "bad number syntax") and `goodName` (function names) need them. ASCII is
 * decided from the character code: a `\p{…}` regex costs V8 several million instructions to
 * compile (ICU builds the class) before its first use, which a one-shot render would pay.
 */

export function isGoLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return LETTER.test(ch);
}

export function isGoDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(ch);
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
