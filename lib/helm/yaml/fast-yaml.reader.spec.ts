/**
 * The fast YAML reader must agree with the full reader on everything it accepts: every YAML file
 * and every rendered golden document under /work/shared/conformance, plus focused cases.
 */
import { readFileSync } from 'node:fs';
import { BAIL, fastReadYaml } from './fast-yaml.reader';
import { parseYamlWithLibrary as parseYamlToJsonModel } from './go-yaml-parse';
import { splitManifests } from '../render/manifest-sorter';
import { CONFORMANCE_DIR, filesUnder } from '../../../test/support/files';

const CONFORMANCE = CONFORMANCE_DIR;

/** Every YAML and text file of the conformance material. */
const walk = (dir: string): string[] => filesUnder(dir, /\.(ya?ml|txt)$/);

function full(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseYamlToJsonModel(text) };
  } catch {
    return { ok: false }; // an error: the fast reader must have bailed out for this text
  }
}

describe('fast YAML reader agrees with the full reader', () => {
  const docs: string[] = [];
  for (const f of walk(CONFORMANCE)) {
    const text = readFileSync(f, 'utf8');
    docs.push(text);
    if (/golden|output/.test(f)) docs.push(...splitManifests(text));
  }
  it('on every conformance YAML file and rendered document', () => {
    let accepted = 0;
    for (const text of docs) {
      const fast = fastReadYaml(text);
      if (fast === BAIL) continue;
      accepted++;
      const ref = full(text);
      expect({ text, ok: ref.ok }).toEqual({ text, ok: true });
      if (ref.ok) expect({ text, value: fast }).toEqual({ text, value: ref.value });
    }
    expect(accepted).toBeGreaterThan(docs.length / 2);
  });

  it.each([
    ['a: 1\nb:\n  c: [1, "x", {d: e}]\n  e: {}\n'],
    ['list:\n- a\n- b: 1\n  c: 2\n- - x\n  - y\n'],
    ['lit: |\n  one\n\n  two\nclip: |\n  x\nkeep: |+\n  y\n\nstrip: |-\n  z\nlast: |\n  end'],
    ["q: 'it''s'\nd: \"tab\\tand \\u00e9\"\nn: ~\nb: yes\no: 0777\nf: 1.5e3\nt: 2021-01-01\n"],
    ['k: v # comment\n# full line\nx: "a # not"\n'],
    ['"quoted key": 1\n\'single\': 2\ntrue: 3\n10: 4\n'],
    ['top:\n  seq:\n  - 1\n  - 2\n  next: 3\n'],
    ['description: a long\n  plain scalar\n  over lines\nlist:\n- one\n  two\n'],
    ['empty: |-\nnext: 1\nlast: |\n'],
    ['a: 1\n---\nb: 2\n'],
    ['a: |\n  x\n---\n- not: [valid\n'],
  ])('%j', (text) => {
    const fast = fastReadYaml(text);
    expect(fast).not.toBe(BAIL);
    expect(fast).toEqual(parseYamlToJsonModel(text));
  });

  it.each([
    ['a: &x 1\nb: *x\n'],
    ['a: !!str 1\n'],
    ['a:\n\tb: 1\n'],
    ['a: b # c\n  d\n'],
    ['<<: {a: 1}\n'],
    ['a: >\n  folded\n'],
    ['x: 1\ninvalid\n'],
    ['a: "multi\n  line"\n'],
  ])('gives up on %j', (text) => expect(fastReadYaml(text)).toBe(BAIL));
});
