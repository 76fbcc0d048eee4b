/**
 * splitManifests is a hand-written scanner for Helm's separator regex: it must split exactly like
 * `goTrimSpace(text).split(/(?:^|\s*\n)---\s*\/)` (RE2 `\s`) on rendered documents and on random
 * texts made of the characters that matter (dashes, line breaks, ASCII and other white space).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { goTrimSpace, splitManifests } from './manifest-sorter';

const SEP = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** The regex split Helm's Go code does (and this module did before). */
function reference(bigFile: string): string[] {
  return goTrimSpace(bigFile)
    .split(SEP)
    .filter((d) => d !== '')
    .map(goTrimSpace);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ya?ml|txt)$/.test(name)) out.push(p);
  }
  return out;
}

describe('splitManifests', () => {
  it('splits every conformance YAML file and golden output like the regex', () => {
    for (const f of walk(join(__dirname, '../../../../../shared/conformance'))) {
      const text = readFileSync(f, 'utf8');
      expect({ f, docs: splitManifests(text) }).toEqual({ f, docs: reference(text) });
    }
  });

  it('splits random texts of dashes, line breaks and white space like the regex', () => {
    const alphabet = ['-', '-', '-', '\n', '\n', ' ', '\t', '\r', '\f', '\v', '\u00a0', 'a', 'b:', '#'];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const len = rnd(24);
      for (let k = 0; k < len; k++) text += alphabet[rnd(alphabet.length)];
      expect({ text, docs: splitManifests(text) }).toEqual({ text, docs: reference(text) });
    }
  });

  it.each([
    [''], ['---'], ['---\n---\n'], ['a\n---\n---\nb'], ['a\n----b'], ['---a'], ['a---b\n--- c'], ['a \t\n \n---  \n\nb'], ['\n\n---\nkind: A\n---\nkind: B\n'],
    ['a\n\v\n---\nb'], ['x\n---\n\v\n---\ny'],
  ])('%j', (text) => expect(splitManifests(text)).toEqual(reference(text)));
});
