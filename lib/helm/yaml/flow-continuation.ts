/**
 * libyaml (go-yaml) does not check the indentation of the continuation lines of a multi-line
 * quoted scalar or flow collection: `- "curl -ik \` followed by a line indented less than the
 * scalar, or `command: [ "/bin/sh",` followed by `"-ce",` left of the bracket, parse in Helm. The
 * `yaml` library follows YAML 1.2 and rejects them. Leading white space of such continuation lines
 * never reaches the value (folding and escaped line breaks strip it; between flow tokens it is
 * insignificant), so {@link indentFlowContinuations} re-indents them to just right of where the
 * scalar or collection opened, and the document can be read again with the same meaning.
 */

interface ScanState {
  /** The open quote (`"` or `'`) of a quoted scalar that continues on the next line, or ''. */
  quote: string;
  /** Depth of open flow collections. */
  flow: number;
  /** Column where the multi-line construct opened (its first quote or bracket). */
  openedAt: number;
  /** Indentation of the line that introduced a block scalar (`|`, `>`), or -1 outside one. */
  blockParent: number;
}

const INDICATOR_AFTER_SPACE = new Set([':', '-', '?']);

/** `text` with the continuation lines of multi-line quoted scalars and flow collections re-indented. */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  const st: ScanState = { quote: '', flow: 0, openedAt: 0, blockParent: -1 };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (st.blockParent >= 0) {
      if (blank || indent > st.blockParent) continue;
      st.blockParent = -1;
    }
    if (st.quote !== '' || st.flow > 0) {
      if (blank || /^(---|\.\.\.)(\s|$)/.test(line)) continue;
      lines[n] = ' '.repeat(st.openedAt + 1) + line.slice(indent);
      scanLine(lines[n], st.openedAt + 1, st, indent);
      continue;
    }
    scanLine(line, indent, st, indent);
  }
  return lines.join('\n');
}

/** Scans one line from `from`, updating the quote/flow/block-scalar state. */
function scanLine(line: string, from: number, st: ScanState, lineIndent: number): void {
  let tokenStart = st.quote === '' && st.flow === 0 ? true : st.flow > 0 && st.quote === '';
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (st.quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') st.quote = '';
      continue;
    }
    if (st.quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") st.quote = '';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return;
    if (tokenStart && (c === '"' || c === "'")) {
      if (st.flow === 0) st.openedAt = i;
      st.quote = c;
      tokenStart = false;
      continue;
    }
    if ((c === '[' || c === '{') && (tokenStart || st.flow > 0)) {
      if (st.flow === 0) st.openedAt = i;
      st.flow++;
      tokenStart = true;
      continue;
    }
    if (st.flow > 0 && (c === ']' || c === '}')) {
      st.flow--;
      tokenStart = st.flow > 0;
      continue;
    }
    if (st.flow > 0 && (c === ',' || c === ':')) {
      tokenStart = true;
      continue;
    }
    if (st.flow === 0 && tokenStart && (c === '|' || c === '>') && /^[|>][-+0-9]*\s*(#.*)?\r?$/.test(line.slice(i))) {
      st.blockParent = lineIndent;
      return;
    }
    if (INDICATOR_AFTER_SPACE.has(c) && (i + 1 === line.length || /\s/.test(line[i + 1]))) {
      tokenStart = true;
      continue;
    }
    if ((c === '&' || c === '!') && tokenStart) {
      while (i + 1 < line.length && !/\s/.test(line[i + 1])) i++;
      continue;
    }
    tokenStart = false;
    // Skip the rest of a plain word: quotes and brackets inside it are ordinary characters.
    while (
      i + 1 < line.length &&
      !/[\s,\]}]/.test(line[i + 1]) &&
      !(line[i + 1] === ':' && /\s/.test(line[i + 2] ?? ' '))
    )
      i++;
  }
}
