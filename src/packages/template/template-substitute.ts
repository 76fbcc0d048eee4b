import { PackageError } from '../package-error';

const ANY_ACTION = /\{\{(.*?)\}\}/gs;
const PLACEHOLDER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** Names of the `{{ VAR }}` placeholders in a template, in first-use order. Throws INVALID_TEMPLATE on any other `{{…}}`. */
export function placeholdersOf(text: string, path: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(ANY_ACTION)) {
    const p = PLACEHOLDER.exec(m[1]);
    if (!p)
      throw new PackageError(
        'INVALID_TEMPLATE',
        path,
        `line ${lineOf(text, m.index ?? 0)}: "{{${m[1]}}}" is not a {{ VARIABLE }} placeholder`,
      );
    if (!names.includes(p[1])) names.push(p[1]);
  }
  return names;
}

/** Replaces every `{{ VAR }}` with its value as plain text. Throws INVALID_TEMPLATE for a value that is missing. */
export function substitute(text: string, path: string, values: Readonly<Record<string, string>>): string {
  return text.replace(ANY_ACTION, (whole, inner: string, offset: number) => {
    const p = PLACEHOLDER.exec(inner);
    if (!p)
      throw new PackageError(
        'INVALID_TEMPLATE',
        path,
        `line ${lineOf(text, offset)}: "${whole}" is not a {{ VARIABLE }} placeholder`,
      );
    const v = values[p[1]];
    if (v === undefined)
      throw new PackageError('INVALID_TEMPLATE', path, `line ${lineOf(text, offset)}: no value for ${p[1]}`);
    return v;
  });
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
