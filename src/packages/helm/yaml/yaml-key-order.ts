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
  return yamlKeyLess(Array.from(a), Array.from(b)) ? -1 : 1;
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
