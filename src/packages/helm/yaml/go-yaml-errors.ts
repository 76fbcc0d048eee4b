/**
 * Translates syntax errors of the `yaml` library into the messages gopkg.in/yaml.v2 (libyaml)
 * prints for the same mistakes, including libyaml's line numbering: scanner errors report the
 * 1-based line where scanning stopped, parser errors the 0-based line of the offending token.
 */
import type { YAMLError } from 'yaml';

/** `yaml: line N: <libyaml problem>` for a `yaml` library error on `text`. */
export function yamlErrorMessage(err: YAMLError, text: string): string {
  const offset = err.pos?.[0] ?? 0;
  const line0 = lineOf(text, offset);
  const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (err.code) {
    case 'MISSING_CHAR':
      if (/Implicit map keys need to be followed by map values/.test(first)) {
        return withLine(nextTokenLine(text, offset) + 1, "could not find expected ':'");
      }
      if (/flow sequence|\]/.test(first)) return withLine(line0 + 1, "did not find expected ',' or ']'");
      if (/flow map|\}/.test(first)) return withLine(line0 + 1, "did not find expected ',' or '}'");
      if (/quote|"|'/.test(first)) return withLine(line0 + 1, 'found unexpected end of stream');
      return withLine(line0 + 1, "could not find expected ':'");
    case 'TAB_AS_INDENT':
      return withLine(line0 + 1, 'found character that cannot start any token');
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
      if (/[Nn]ested mappings|mapping values|compact/.test(first)) {
        return withLine(line0 + 1, 'mapping values are not allowed in this context');
      }
      return withLine(line0, 'did not find expected key');
    case 'BAD_ALIAS':
      return `yaml: unknown anchor '${aliasName(text, offset)}' referenced`;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return withLine(line0 + 1, 'mapping values are not allowed in this context');
    case 'BAD_DQ_ESCAPE':
      return withLine(line0 + 1, 'found unknown escape character');
    case 'BAD_SCALAR_START':
      return withLine(line0 + 1, 'found character that cannot start any token');
    default:
      return withLine(line0 + 1, first.charAt(0).toLowerCase() + first.slice(1));
  }
}

function withLine(line: number, problem: string): string {
  return line > 0 ? `yaml: line ${line}: ${problem}` : `yaml: ${problem}`;
}

/** 0-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

/**
 * 0-based line of the first token after the line holding `offset` (blank and comment lines are
 * skipped), or of the end of the stream: where libyaml notices a simple key lost its ':'.
 */
function nextTokenLine(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  if (i < 0) return lineOf(text, text.length);
  while (i < text.length) {
    const lineStart = i + 1;
    let j = lineStart;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < text.length && text[j] !== '\n' && text[j] !== '#' && text[j] !== '\r') return lineOf(text, j);
    const next = text.indexOf('\n', j);
    if (next < 0) break;
    i = next;
  }
  return lineOf(text, text.length);
}

function aliasName(text: string, offset: number): string {
  const m = /^\*([^\s,\[\]{}]+)/.exec(text.slice(offset));
  return m ? m[1] : '';
}
