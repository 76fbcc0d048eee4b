/**
 * Helm's `--set-literal` parser (pkg/strvals/literal_parser.go): like `--set` for the key path,
 * but the value is everything after the first '=' taken verbatim as a string (no commas, no
 * escapes, no `{a,b}` lists).
 */
import { isPlainMap, mapGet, mapHas, mapSet, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { goQuote, goQuoteRunes, RuneCursor, runesUntil } from './rune-cursor';
import { StrvalsError } from './strvals-error';

const MAX_INDEX = 65536;
const MAX_NESTED = 30;
const KEY_STOP = new Set(['=', '[', '.']);
const INDEX_STOP = new Set([']']);
const ITEM_STOP = new Set(['[', '.', '=']);
const NOTHING = new Set<string>();

/** `strvals.ParseLiteralInto`. Throws StrvalsError. */
export function parseLiteralInto(line: string, dest: GoMapObject): void {
  const c = new RuneCursor(line);
  for (let more = true; more;) more = key(c, dest, 0);
}

/** Returns false at end of input. */
function key(c: RuneCursor, data: GoMapObject, level: number): boolean {
  const { text: k, last } = runesUntil(c, KEY_STOP, false);
  if (last === undefined) {
    if (k.length === 0) return false;
    throw new StrvalsError(`key ${goQuote(k)} has no value`);
  }
  if (last === '=') {
    set(data, k, runesUntil(c, NOTHING, false).text);
    return true;
  }
  if (last === '.') {
    if (level + 1 > MAX_NESTED)
      throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED}`);
    const cur = mapHas(data, k) ? mapGet(data, k) : newGoMap();
    if (!isPlainMap(cur))
      throw new StrvalsError('unable to parse key: interface conversion: interface {} is not map[string]interface {}');
    const more = key(c, cur, level + 1);
    if (more && Object.keys(cur).length === 0) throw new StrvalsError(`key map ${goQuote(k)} has no value`);
    if (Object.keys(cur).length !== 0) set(data, k, cur);
    return more;
  }
  const i = index(c);
  const existing = mapHas(data, k) ? mapGet(data, k) : [];
  if (!Array.isArray(existing))
    throw new StrvalsError('unable to parse key: interface conversion: interface {} is not []interface {}');
  set(data, k, listItem(c, existing, i, level));
  return true;
}

function index(c: RuneCursor): number {
  const { text, last } = runesUntil(c, INDEX_STOP, false);
  if (last === undefined) throw new StrvalsError('error parsing index: EOF');
  if (!/^[-+]?\d+$/.test(text))
    throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
  return Number(text);
}

function listItem(c: RuneCursor, list: GoValue[], i: number, level: number): GoValue[] {
  if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
  const { text, last } = runesUntil(c, ITEM_STOP, false);
  if (text.length > 0) throw new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(text)}`);
  if (last === undefined) return list;
  if (last === '=') return setIndex(list, i, runesUntil(c, NOTHING, false).text);
  if (last === '.') {
    let inner = newGoMap();
    if (list.length > i) {
      if (isPlainMap(list[i])) inner = list[i] as GoMapObject;
      else list[i] = inner;
    }
    key(c, inner, level);
    return setIndex(list, i, inner);
  }
  const next = index(c);
  const cur = list.length > i && list[i] !== null ? list[i] : [];
  if (!Array.isArray(cur))
    throw new StrvalsError('unable to parse key: interface conversion: interface {} is not []interface {}');
  return setIndex(list, i, listItem(c, cur, next, level));
}

function setIndex(list: GoValue[], i: number, v: GoValue): GoValue[] {
  if (i > MAX_INDEX) throw new StrvalsError(`index of ${i} is greater than maximum supported index of ${MAX_INDEX}`);
  while (list.length <= i) list.push(null);
  list[i] = v;
  return list;
}

function set(data: GoMapObject, k: string, v: GoValue): void {
  if (k.length > 0) mapSet(data, k, v);
}
