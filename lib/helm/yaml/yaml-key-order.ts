/**
 * yaml.v2's map key order (`keyList.Less` in sorter.go) for string keys: letters compare by code
 * point, a non-letter sorts before a letter, and runs of digits compare by numeric value
 * ("a2" < "a10").
 */

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(c: string): boolean {
  return LETTER.test(c);
}

function isDigit(c: string): boolean {
  return DIGIT.test(c);
}

/** Negative when a sorts before b under yaml.v2's rules. */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (ASCII.test(a) && ASCII.test(b)) return asciiLess(a, b) ? -1 : 1;
  return yamlKeyLess(Array.from(a), Array.from(b)) ? -1 : 1;
}

const ASCII = /^[\x00-\x7f]*$/;
const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The same ordering as yamlKeyLess for ASCII strings, without per-character allocations. */
function asciiLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const al = isAsciiLetter(ca);
    const bl = isAsciiLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ca === 0x30 || cb === 0x30) {
      for (let j = i - 1; j >= 0 && isAsciiDigit(a.charCodeAt(j)); j--) {
        if (a.charCodeAt(j) !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < a.length && isAsciiDigit(a.charCodeAt(ai)); ai++) an = an * 10n + BigInt(a.charCodeAt(ai) - 0x30);
    let bi = i;
    for (; bi < b.length && isAsciiDigit(b.charCodeAt(bi)); bi++) bn = bn * 10n + BigInt(b.charCodeAt(bi) - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return a.length < b.length;
}

function yamlKeyLess(ar: string[], br: string[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return codePoint(ar[i]) < codePoint(br[i]);
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(codePoint(ar[ai]) - 0x30);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(codePoint(br[bi]) - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return codePoint(ar[i]) < codePoint(br[i]);
  }
  return ar.length < br.length;
}

function codePoint(c: string): number {
  return c.codePointAt(0) as number;
}
