/**
 * Helm CLI values assembly (pkg/cli/values.Options.MergeValues, Helm 3.17): `-f` files merged in
 * order (maps merged recursively, the rest replaced), then every `--set-json`, `--set`,
 * `--set-string`, `--set-file` and `--set-literal` line in that fixed order, regardless of the
 * order on the command line.
 */
import { readFileSync } from 'node:fs';
import { isPlainMap, mapGet, mapHas, mapSet, newGoMap, type GoMapObject } from '@marina/go-runtime';
import { readValuesFile } from '../chart/chart-loader';
import { parseInto, parseIntoFile, parseIntoString, parseJsonInto } from '../strvals/strvals.parser';
import { parseLiteralInto } from '../strvals/strvals-literal.parser';

/** Sources of user values, as given on the command line. */
export interface ValueSources {
  readonly valueFiles?: readonly string[];
  readonly jsonValues?: readonly string[];
  readonly values?: readonly string[];
  readonly stringValues?: readonly string[];
  readonly fileValues?: readonly string[];
  readonly literalValues?: readonly string[];
}

/** Bad user values; `message` is Helm's (`failed parsing --set data: …`, `open x: no such file…`). */
export class UserValuesError extends Error {
  readonly code = 'INVALID_VALUES';
  override readonly name = 'UserValuesError';
}

/** Reads a file like Go's os.ReadFile, with Go's error wording. */
export function readUserFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code);
    if (code === 'EISDIR') throw new UserValuesError(`read ${path}: ${why}`);
    throw new UserValuesError(`open ${path}: ${why}`);
  }
}

/** `values.Options.MergeValues`. Throws {@link UserValuesError}. */
export function mergeUserValues(src: ValueSources): GoMapObject {
  let base = newGoMap();
  for (const file of src.valueFiles ?? []) {
    const data = readUserFile(file);
    let current: GoMapObject;
    try {
      current = readValuesFile({ name: file, data }, `failed to parse ${file}`);
    } catch (err) {
      throw new UserValuesError((err as Error).message);
    }
    base = mergeMaps(base, current);
  }
  for (const line of src.jsonValues ?? []) {
    wrap(
      () => parseJsonInto(line, base),
      () => `failed parsing --set-json data ${line}`,
    );
  }
  for (const line of src.values ?? [])
    wrap(
      () => parseInto(line, base),
      (m) => `failed parsing --set data: ${m}`,
    );
  for (const line of src.stringValues ?? [])
    wrap(
      () => parseIntoString(line, base),
      (m) => `failed parsing --set-string data: ${m}`,
    );
  for (const line of src.fileValues ?? []) {
    wrap(
      () => parseIntoFile(line, base, (rs) => readUserFile(rs).toString('utf8')),
      (m) => `failed parsing --set-file data: ${m}`,
    );
  }
  for (const line of src.literalValues ?? [])
    wrap(
      () => parseLiteralInto(line, base),
      (m) => `failed parsing --set-literal data: ${m}`,
    );
  return base;
}

function wrap(fn: () => void, message: (inner: string) => string): void {
  try {
    fn();
  } catch (err) {
    throw new UserValuesError(message((err as Error).message));
  }
}

/** The CLI's `mergeMaps`: b over a, maps merged recursively. */
export function mergeMaps(a: GoMapObject, b: GoMapObject): GoMapObject {
  const out = newGoMap();
  for (const k of Object.keys(a)) mapSet(out, k, a[k]);
  for (const k of Object.keys(b)) {
    const v = b[k];
    if (isPlainMap(v) && mapHas(out, k)) {
      const bv = mapGet(out, k);
      if (isPlainMap(bv)) {
        mapSet(out, k, mergeMaps(bv, v));
        continue;
      }
    }
    mapSet(out, k, v);
  }
  return out;
}
