/**
 * YAML/JSON behaviour checked against the real helm 3.17.3 binary: a chart whose values exercise
 * yaml.v2's typing and quoting (YAML 1.1 booleans, octal/hex/binary ints, big numbers, floats,
 * timestamps, strings that need quotes, multi-line strings, tabs, non-BMP characters, long lines
 * that fold, complex keys, digit-aware key order) is rendered through toYaml, toYamlPretty, toJson
 * and fromYaml by helm and by `marina template`; outputs must be byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTemplate } from '../../src/cli/template/template-run';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };

const VALUES = String.raw`
ints: [0, 1, -1, 007, 0x1F, 0o17, 0b101, 1_000, 9007199254740993, 18446744073709551615, 100000000000000000000, 123456789012345678901234567890]
floats: [1.0, 1.5, 0.1, 1e6, 1e21, 1.5e-7, 0.0001, 0.00001, 1234567.5, 123456.5, -0.0, 3.14159265358979, 08, 1e+06]
bools: [yes, no, on, off, y, n, true, False, TRUE]
strs:
  - "true"
  - "yes"
  - "1"
  - "1.5"
  - "0x1F"
  - ""
  - " "
  - " lead"
  - "trail "
  - "- dash"
  - "-dash"
  - ":colon"
  - "a: b"
  - "#hash"
  - "a #b"
  - "@at"
  - "it's"
  - "'q'"
  - '"dq"'
  - "null"
  - "~"
  - "2021-01-01"
  - "1:20"
  - "tab\there"
  - "multi\nline"
  - "multi\nline\n"
  - "multi\nline\n\n"
  - "\nleading"
  - " lead\nline"
  - "trail \nline"
  - "line\n  indented\n"
  - "emoji 😀"
  - "é accent"
  - "bell\u0007"
  - "crlf\r\nx"
  - "---"
  - "? q"
  - "[x"
  - "*x"
  - "a,b"
  - "this is a very long string that goes on and on and on past the eighty column limit of yaml v2 for sure yes"
  - "this is a very long string: that goes on and on and on past the eighty column limit of yaml v2 for sure"
  - "this is a very long string that goes on and on and on past the eighty column limit of yaml v2 for sure\ttab"
  - "<<"
keys:
  a10: 1
  a2: 2
  A: 3
  _u: 4
  "1": 5
  "10": 6
  "2": 7
  "-": 9
  a01: 11
  a1: 12
  "true": 13
  "": 14
  "x: y": 16
  "multi\nkey": 17
  ? "this key is longer than one hundred and twenty-eight bytes in total length so that yaml v2 must use a complex key ok yes"
  : 18
empty: {}
emptylist: []
nested:
  - - a
    - b
  - {x: 1, y: [1, 2]}
  - []
nul: null
`;

const TEMPLATE = `toYaml: |
{{ toYaml .Values | indent 2 }}
toYamlPretty: |
{{ toYamlPretty .Values | indent 2 }}
toJson: {{ toJson .Values | quote }}
fromYaml: {{ fromYaml (toYaml .Values) | toJson | quote }}
blocks: {{ list (fromYaml "a: |\\n  end").a (fromYaml "a: |+\\n  end\\n\\n").a (fromYaml "a: >\\n  folded\\n  text\\n").a | toJson | quote }}
errors: {{ list (fromYaml "a: [1") (fromYaml "- x") (fromYamlArray "a: 1") (fromJson "{") | toJson | quote }}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marina-yaml-oracle-'));
  mkdirSync(join(dir, 'yamlchart/templates'), { recursive: true });
  writeFileSync(join(dir, 'yamlchart/Chart.yaml'), 'apiVersion: v2\nname: yamlchart\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'yamlchart/values.yaml'), VALUES);
  writeFileSync(join(dir, 'yamlchart/templates/out.yaml'), TEMPLATE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('renders YAML/JSON conversions byte-identically to helm 3.17.3', () => {
  const h = spawnSync(helm, ['template', 'x', join(dir, 'yamlchart')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir },
  });
  let out = '';
  let err = '';
  const code = runTemplate(['x', join(dir, 'yamlchart')], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  expect(err).toBe(h.stderr);
  expect(code).toBe(h.status);
  expect(out).toBe(h.stdout);
  expect(out).toContain('toYamlPretty: |');
});
