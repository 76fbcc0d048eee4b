/**
 * Translates syntax errors of the `yaml` library into the messages gopkg.in/yaml.v2 (libyaml)
 * prints for the same mistakes, with libyaml's line numbering: scanner errors report the 0-based
 * line of the problem plus one, parser errors the 0-based line itself, and a 0 line is omitted.
 * (Measured against helm 3.17.3 on malformed values files.)
 */
import type { YAMLError } from 'yaml';

type Kind = 'scanner' | 'parser';

/** `yaml: line N: <libyaml problem>` for a `yaml` library error on `text`. */
export function yamlErrorMessage(err: YAMLError, text: string): string {
  const offset = err.pos?.[0] ?? 0;
  const first = err.message.split('\n')[0];
  const [kind, line0, problem] = classify(err.code, first, text, offset);
  const line = kind === 'scanner' ? (line0 === 0 ? 0 : line0 + 1) : line0;
  return line > 0 ? `yaml: line ${line}: ${problem}` : `yaml: ${problem}`;
}

function classify(code: string, first: string, text: string, offset: number): [Kind, number, string] {
  // At the end of the stream libyaml has already forced a final line break.
  const line0 = offset >= text.length ? endLine(text) : lineOf(text, offset);
  switch (code) {
    case 'MISSING_CHAR':
      if (/Implicit map keys need to be followed by map values/.test(first)) {
        return ['scanner', simpleKeyStopLine(text, offset), "could not find expected ':'"];
      }
      if (/quote/i.test(first)) return ['scanner', line0, 'found unexpected end of stream'];
      return ['scanner', simpleKeyStopLine(text, offset), "could not find expected ':'"];
    case 'BAD_INDENT': {
      if (/Flow sequence/.test(first)) return ['parser', line0, "did not find expected ',' or ']'"];
      if (/Flow map/.test(first)) return ['parser', line0, "did not find expected ',' or '}'"];
      // libyaml names the line of the misplaced token, not of the blank lines before it.
      const at = tokenStart(text, offset);
      return [
        'parser',
        lineOf(text, at),
        insideSequence(text, at) ? "did not find expected '-' indicator" : 'did not find expected key',
      ];
    }
    case 'MULTILINE_IMPLICIT_KEY':
      return ['scanner', simpleKeyStopLine(text, offset), "could not find expected ':'"];
    case 'BLOCK_AS_IMPLICIT_KEY':
      return [
        'scanner',
        lineOf(text, nextMappingColon(text, offset)),
        'mapping values are not allowed in this context',
      ];
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return ['scanner', line0, 'found character that cannot start any token'];
    case 'BAD_DQ_ESCAPE':
      return ['scanner', line0, 'found unknown escape character'];
    case 'BAD_ALIAS':
      return ['parser', 0, `unknown anchor '${aliasName(text, offset)}' referenced`];
    case 'UNEXPECTED_TOKEN':
      // A second node after a complete one (`a: "x" "y"`, `- [1] 2`): libyaml's parser wanted the
      // next key or entry of the block collection the node belongs to.
      if (/ at node end\b/.test(first)) {
        const at = tokenStart(text, offset);
        return ['parser', lineOf(text, at), expectedAfterNode(text, at)];
      }
      return defaultProblem(first, line0);
    default:
      return defaultProblem(first, line0);
  }
}

function defaultProblem(first: string, line0: number): [Kind, number, string] {
  const msg = first.replace(/ at line \d+, column \d+:?$/, '');
  return ['parser', line0, msg.charAt(0).toLowerCase() + msg.slice(1)];
}

/**
 * What libyaml expected instead of a token that follows a complete node on its line: the next
 * entry of a block sequence when the node is one (only `- ` before it on the line), unless that
 * sequence is an indentless mapping value (its `-` at the column of a key above it), where the
 * mapping wants its next key — as it does after a mapping value.
 */
function expectedAfterNode(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const entry =
    /^( *)(- +)+("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'[{](?:(?!:\s)[^#])*?|\[[^\]]*\]|\{[^}]*\})\s*$/.exec(before);
  if (!entry) return 'did not find expected key';
  const col = entry[1].length;
  for (const l of text.slice(0, lineStart).split('\n').reverse()) {
    const trimmed = l.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = l.length - trimmed.length;
    if (indent < col) break;
    if (indent === col && !trimmed.startsWith('-')) return 'did not find expected key';
  }
  return "did not find expected '-' indicator";
}

/** 0-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

/** The first character at or after `offset` that is not white space (the token an error is about). */
function tokenStart(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  return i < text.length ? i : offset;
}

/** libyaml's line at end of stream: a final line without a newline counts as ended. */
function endLine(text: string): number {
  const n = lineOf(text, text.length);
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/**
 * Where libyaml gives up on a simple key without ':': the first later line holding a token or
 * a comment (blank lines skipped), else the end of the stream.
 */
function simpleKeyStopLine(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  while (nl >= 0) {
    let j = nl + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
    if (j < text.length && text[j] !== '\n') return lineOf(text, j);
    nl = j < text.length ? j : -1;
  }
  return endLine(text);
}

/** Offset of the first ':' followed by a blank or line end at or after `offset`. */
function nextMappingColon(text: string, offset: number): number {
  const re = /:(?=[ \t\r\n]|$)/g;
  re.lastIndex = offset;
  const m = re.exec(text);
  return m ? m.index : offset;
}

/** Whether the nearest earlier non-blank line at the same indentation is a sequence entry. */
function insideSequence(text: string, start: number): boolean {
  let offset = start;
  while (text[offset] === ' ') offset++;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const col = offset - lineStart;
  const before = text.slice(0, lineStart).split('\n').reverse();
  for (const l of before) {
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const indent = l.length - l.trimStart().length;
    if (indent < col) return false;
    if (indent === col) return l.trimStart().startsWith('- ') || l.trim() === '-';
  }
  return false;
}

function aliasName(text: string, offset: number): string {
  const m = /^\*([^\s,[\]{}]+)/.exec(text.slice(offset));
  return m ? m[1] : '';
}
