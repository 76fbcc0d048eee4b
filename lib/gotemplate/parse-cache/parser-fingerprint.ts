/**
 * The parser implementation as part of a parse cache key: the source of every module the parse
 * result depends on (the parser and its whole import closure, plus the cache's own encoder and
 * file format), read next to this module with its own extension — the compiled .js files in dist/
 * (also when running from the CLI bundle, whose modules keep their own __filename), the .ts files
 * under jest. Any edit to any of them makes every existing entry a miss. parser-fingerprint.spec
 * checks that MODULES still covers the parser's imports.
 */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Bump when the meaning of the cache's inputs changes without any listed module changing. */
export const FORMAT_VERSION = 1;

/**
 * Module paths relative to this file's directory, without extension. The go-runtime modules are
 * those whose functions the lexer and parser call (strconv literals and quoting, unicode classes);
 * they are read, not imported, so the relative path into the sibling library is only a file path.
 */
export const MODULES: readonly string[] = [
  '../template.parser',
  '../template.lexer',
  '../parse-tree.nodes',
  '../template-number.lexer',
  '../errors',
  '../../go-runtime/strconv/go-literals.parse',
  '../../go-runtime/strconv/go-quote',
  '../../go-runtime/unicode/go-unicode',
  'tree-codec',
  'parse-cache.store',
  'cached-parse',
  'lazy-tree',
  'parser-fingerprint',
];

let sources: readonly string[] | undefined;

/** The sources of {@link MODULES} (read once per process). Throws when one cannot be read. */
export function parserSources(): readonly string[] {
  const ext = extname(__filename);
  sources ??= MODULES.map((id) => readFileSync(join(__dirname, id + ext), 'utf8'));
  return sources;
}
