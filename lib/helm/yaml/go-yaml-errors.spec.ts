/**
 * YAML syntax errors reported in yaml.v2's words and line numbers. Expected texts were measured
 * with the helm 3.17.3 binary (`helm template … -f bad.yaml`).
 */
import { unmarshalYaml } from './sigs-yaml';

const cases: Array<[string, string]> = [
  ['a: [1\n', "yaml: line 1: did not find expected ',' or ']'"],
  ['a: [1', "yaml: line 1: did not find expected ',' or ']'"],
  ['a: 1\n  b: 2\n', 'yaml: line 2: mapping values are not allowed in this context'],
  ['a:\n  b: 1\n c: 2\n', 'yaml: line 2: did not find expected key'],
  ['a: b: c\n', 'yaml: mapping values are not allowed in this context'],
  ['a:\n\tb: 1\n', 'yaml: line 2: found character that cannot start any token'],
  ['a: *x\n', "yaml: unknown anchor 'x' referenced"],
  ['a: "abc\n', 'yaml: line 2: found unexpected end of stream'],
  ['a: {b: 1\n', "yaml: line 1: did not find expected ',' or '}'"],
  ['a:\n  - b\n  c: d\n', "yaml: line 2: did not find expected '-' indicator"],
  ['key: "\\q"\n', 'yaml: found unknown escape character'],
  ['a: @b\n', 'yaml: found character that cannot start any token'],
  ['x: 1\ninvalid\n', "yaml: line 3: could not find expected ':'"],
  ['x: 1\ninvalid', "yaml: line 3: could not find expected ':'"],
  ['x: 1\ninvalid\nfoo: 1\n', "yaml: line 3: could not find expected ':'"],
  ['x: 1\ninvalid\n\nfoo: 1\n', "yaml: line 4: could not find expected ':'"],
  ['x: 1\ninvalid\n# c\nfoo: 1\n', "yaml: line 3: could not find expected ':'"],
  ['x: 1\ninvalid\n\n\n', "yaml: line 5: could not find expected ':'"],
  ['x: 1\ninvalid\n  \n', "yaml: line 4: could not find expected ':'"],
  ['x: 1\ninvalid # c\n', "yaml: line 3: could not find expected ':'"],
  ['x: 1\ninvalid\n\n# c\n  \nfoo: 1\n', "yaml: line 4: could not find expected ':'"],
  // A second node after a complete one.
  ['a: "x" "y"\n', 'yaml: did not find expected key'],
  ["a: 'x' 'y'\n", 'yaml: did not find expected key'],
  ['a: x\nb: "y" z\n', 'yaml: line 1: did not find expected key'],
  ['a: [1] [2]\n', 'yaml: did not find expected key'],
  ['a: {b: 1} x\n', 'yaml: did not find expected key'],
  ['a:\n  b: "c" d\n  e: 1\n', 'yaml: line 1: did not find expected key'],
  ['- a\n- "b" "c"\n', "yaml: line 1: did not find expected '-' indicator"],
  ['x:\n  - a\n  - "b" c\n', "yaml: line 2: did not find expected '-' indicator"],
  ['x:\n- a\n- [b] c\n', 'yaml: line 2: did not find expected key'],
  ['l:\n  - k: "v" "w"\n', 'yaml: line 1: did not find expected key'],
  ['- - "a" "b"\n', "yaml: did not find expected '-' indicator"],
  ['l:\n- k: v\n  j: "a" b\n', 'yaml: line 2: did not find expected key'],
  ['a: "x"\n\n  [1]\n', 'yaml: line 2: did not find expected key'],
];

describe('YAML error messages', () => {
  it.each(cases)('%j', (text, message) => {
    expect(() => unmarshalYaml(text)).toThrow(new Error(`error converting YAML to JSON: ${message}`));
  });
});
