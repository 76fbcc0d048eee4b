/**
 * Go's number scanning for the template lexer (lex.go `scanNumber`): optional sign, base
 * prefixes 0x/0o/0b, `_` separators, fractions, decimal `e` and hex `p` exponents, and an
 * imaginary `i` suffix. Conversion and validation happen later in the parser.
 */
import { isGoDigit, isGoLetter } from '@marina/go-runtime';

const DEC = '0123456789_';
const HEX = '0123456789abcdefABCDEF_';
const OCT = '01234567_';
const BIN = '01_';

/**
 * Scans a number starting at `pos`. Returns the end position, or `~end` (a negative number)
 * when the number is directly followed by a letter or digit (Go's "bad number syntax"; `end`
 * then includes that character).
 */
export function scanGoNumber(s: string, pos: number): number {
  let p = pos;
  const accept = (valid: string): boolean => {
    if (p < s.length && valid.includes(s[p])) {
      p++;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (p < s.length && valid.includes(s[p])) p++;
  };
  accept('+-');
  let digits = DEC;
  if (accept('0')) {
    if (accept('xX')) digits = HEX;
    else if (accept('oO')) digits = OCT;
    else if (accept('bB')) digits = BIN;
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits === DEC && accept('eE')) {
    accept('+-');
    acceptRun(DEC);
  }
  if (digits === HEX && accept('pP')) {
    accept('+-');
    acceptRun(DEC);
  }
  accept('i');
  if (p < s.length) {
    const ch = String.fromCodePoint(s.codePointAt(p)!);
    if (isGoLetter(ch) || isGoDigit(ch)) return ~(p + ch.length);
  }
  return p;
}
