/**
 * Reads YAML the way `sigs.k8s.io/yaml.Unmarshal` does into an `interface{}` target: yaml.v2
 * decoding (YAML 1.1 implicit types, merge keys, first document only), conversion to JSON (map
 * keys become strings, NaN/Inf are errors) and JSON decoding (every number becomes a float64, i.e.
 * a JS `number`). Syntax errors are reported in yaml.v2's words where we know them
 * (`yaml: line N: could not find expected ':'`).
 */
import type { GoValue } from '@marina/go-runtime';
import { BAIL, fastReadYaml, fastReadYamlTopKeys } from './fast-yaml.reader';

/** A YAML or YAML→JSON conversion failure; `message` reads like Go's (`yaml: line 3: …`). */
export class YamlError extends Error {
  readonly code = 'INVALID_YAML';
  override readonly name = 'YamlError';
}

/**
 * Parses the first YAML document of `text` into the JSON value model (numbers are float64).
 * Errors read like sigs.k8s.io/yaml's: `error converting YAML to JSON: yaml: line 3: …`.
 */
export function parseYamlToJsonModel(text: string): GoValue {
  const fast = fastReadYaml(text);
  return fast !== BAIL ? fast : parseYamlWithLibrary(text);
}

/**
 * {@link parseYamlToJsonModel} for callers that read only some top-level keys of a document: when
 * the document is a mapping, the result holds only `keys` (the other entries are still read, so
 * invalid YAML throws exactly the same error). Other documents come back whole.
 */
export function parseYamlTopKeys(text: string, keys: ReadonlySet<string>): GoValue {
  const fast = fastReadYamlTopKeys(text, keys);
  return fast !== BAIL ? fast : parseYamlToJsonModel(text);
}

type LibraryReader = typeof import('./go-yaml-library.reader');
let library: LibraryReader | undefined;

/** The full reader (the `yaml` library plus yaml.v2 typing), loaded on first use. */
export function parseYamlWithLibrary(text: string): GoValue {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: most documents never need it
  library ??= require('./go-yaml-library.reader') as LibraryReader;
  return library.parseYamlWithLibrary(text);
}
