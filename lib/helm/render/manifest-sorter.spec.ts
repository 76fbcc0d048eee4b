/**
 * splitManifests is a hand-written scanner for Helm's separator regex: it must split exactly like
 * `goTrimSpace(text).split(/(?:^|\s*\n)---\s*\/)` (RE2 `\s`) on rendered documents and on random
 * texts made of the characters that matter (dashes, line breaks, ASCII and other white space).
 */
import { readFileSync } from 'node:fs';
import { goTrimSpace, splitManifests } from './manifest-sorter';
import { CONFORMANCE_DIR, filesUnder } from '../../../test/support/files';

const SEP = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** The regex split Helm's Go code does (and this module did before). */
function reference(bigFile: string): string[] {
  return goTrimSpace(bigFile)
    .split(SEP)
    .filter((d) => d !== '')
    .map(goTrimSpace);
}

/** Every YAML and text file of the conformance material. */
const walk = (dir: string): string[] => filesUnder(dir, /\.(ya?ml|txt)$/);

describe('splitManifests', () => {
  it('splits every conformance YAML file and golden output like the regex', () => {
    for (const f of walk(CONFORMANCE_DIR)) {
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
    [''],
    ['---'],
    ['---\n---\n'],
    ['a\n---\n---\nb'],
    ['a\n----b'],
    ['---a'],
    ['a---b\n--- c'],
    ['a \t\n \n---  \n\nb'],
    ['\n\n---\nkind: A\n---\nkind: B\n'],
    ['a\n\v\n---\nb'],
    ['x\n---\n\v\n---\ny'],
  ])('%j', (text) => expect(splitManifests(text)).toEqual(reference(text)));
});
