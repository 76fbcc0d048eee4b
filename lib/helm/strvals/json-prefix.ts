/**
 * Decodes the first JSON value at the start of a string, as Go's `json.Decoder.Decode` does on a
 * stream, and reports how many UTF-16 units it consumed (`InputOffset`).
 */
import { unmarshalJSON, type GoValue } from '@marina/go-runtime';
import { StrvalsError } from './strvals-error';

/** The decoded value and the length of the text it came from (leading whitespace included). */
export function decodeJsonPrefix(text: string): { value: GoValue; consumed: number } {
  let i = 0;
  while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  if (i >= text.length) throw new StrvalsError('EOF');
  const end = scanValue(text, i);
  try {
    return { value: unmarshalJSON(text.slice(i, end)), consumed: end };
  } catch (err) {
    throw new StrvalsError((err as Error).message);
  }
}

/** End offset of the JSON value starting at `start`. */
function scanValue(text: string, start: number): number {
  const c = text[start];
  if (c === '{' || c === '[') return scanNested(text, start);
  if (c === '"') return scanString(text, start);
  const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(text.slice(start));
  if (!m) throw new StrvalsError(`invalid character '${c}' looking for beginning of value`);
  return start + m[0].length;
}

function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  throw new StrvalsError('unexpected EOF');
}

function scanNested(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = scanString(text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new StrvalsError('unexpected EOF');
}
