import { assertUtf8Text } from './archive/text-check';
import { PackageError } from './package-error';

/** Deepest array/object nesting accepted in package JSON files. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses a JSON file from an untrusted package: strict UTF-8 (a BOM is dropped), bounded
 * nesting (checked linearly before JSON.parse, outside strings), and typed errors
 * (INVALID_UTF8, JSON_TOO_DEEP, INVALID_JSON with line and column) naming `path`.
 */
export function parseJsonFile(file: { path: string; data: Buffer }, maxDepth = MAX_JSON_DEPTH): unknown {
  const text = assertUtf8Text(file);
  return parseJsonText(text, file.path, maxDepth);
}

/** `parseJsonFile` for text already decoded. */
export function parseJsonText(text: string, path: string, maxDepth = MAX_JSON_DEPTH): unknown {
  checkJsonDepth(text, path, maxDepth);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PackageError('INVALID_JSON', path, describeJsonError(text, err));
  }
}

function checkJsonDepth(text: string, path: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash escapes the next char
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new PackageError('JSON_TOO_DEEP', path, `nesting deeper than ${maxDepth} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const pos = Number(at[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line} column ${column}`;
}
