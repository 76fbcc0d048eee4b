/**
 * Helm's `--set` family parser (pkg/strvals): `a.b=c,list[0]=x,list={a,b}` lines merged into a
 * values map. `--set` types values (true/false/null, int64 unless leading zero), `--set-string`
 * keeps strings, `--set-json` reads JSON values, `--set-file` reads a file per value.
 */
import {
  GoInt,
  isPlainMap,
  mapGet,
  mapHas,
  mapSet,
  newGoMap,
  type GoMapObject,
  type GoValue,
} from '@marina/go-runtime';
import { decodeJsonPrefix } from './json-prefix';
import { goQuote, goQuoteRunes, RuneCursor, runesUntil } from './rune-cursor';
import { StrvalsError } from './strvals-error';

/** Largest list index a set line may use (Helm's MaxIndex). */
export const MAX_INDEX = 65536;
/** Deepest `a.b.c…` nesting a set line may use (Helm's MaxNestedNameLevel). */
export const MAX_NESTED_NAME_LEVEL = 30;

/** Turns the runes of one value into a value; may throw StrvalsError (e.g. unreadable file). */
export type RunesValueReader = (runes: string) => GoValue;

const EOF = Symbol('EOF');
const NOT_LIST = Symbol('not a list');
type Signal = typeof EOF | typeof NOT_LIST | StrvalsError | undefined;

const KEY_STOP = new Set(['=', '[', ',', '.']);
const INDEX_STOP = new Set([']']);
const ITEM_STOP = new Set(['[', '.', '=']);
const VALUE_STOP = new Set([',']);
const LIST_STOP = new Set([',', '}']);

/** strvals `typedVal`: the typing `--set` applies (and `--set-string` skips). */
export function typedVal(s: string, asString: boolean): GoValue {
  if (asString) return s;
  const lower = s.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (s === '0') return new GoInt(0n, 'int64');
  if (s.length > 0 && s[0] !== '0' && /^[-+]?\d+$/.test(s)) {
    const v = BigInt(s);
    if (v >= -(1n << 63n) && v < 1n << 63n) return new GoInt(v, 'int64');
  }
  return s;
}

class Parser {
  private readonly c: RuneCursor;
  constructor(
    text: string,
    private readonly data: GoMapObject,
    private readonly reader: RunesValueReader | null,
  ) {
    this.c = new RuneCursor(text);
  }

  parse(): void {
    for (;;) {
      const sig = this.guard(() => this.key(this.data, 0));
      if (sig === undefined) continue;
      if (sig === EOF) return;
      if (sig === NOT_LIST) throw new StrvalsError('not a list');
      throw sig;
    }
  }

  /** Go recovers panics (failed type assertions) inside `key` as "unable to parse key: …". */
  private guard(fn: () => Signal): Signal {
    try {
      return fn();
    } catch (err) {
      if (err instanceof TypeAssertion) return new StrvalsError(`unable to parse key: ${err.message}`);
      throw err;
    }
  }

  private key(data: GoMapObject, level: number): Signal {
    const { text: k, last } = runesUntil(this.c, KEY_STOP);
    if (last === undefined) return k.length === 0 ? EOF : new StrvalsError(`key ${goQuote(k)} has no value`);
    if (last === '[') return this.keyList(data, k, level);
    if (last === '=') return this.reader === null ? this.jsonValue(data, k) : this.keyValue(data, k);
    if (last === ',') {
      set(data, k, '');
      return new StrvalsError(`key ${goQuote(k)} has no value (cannot end with ,)`);
    }
    const nested = level + 1;
    if (nested > MAX_NESTED_NAME_LEVEL) {
      return new StrvalsError(
        `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
      );
    }
    const inner = mapHas(data, k) ? assertMap(mapGet(data, k)) : newGoMap();
    const e = this.key(inner, nested);
    const size = Object.keys(inner).length;
    if (e === undefined && size === 0) return new StrvalsError(`key map ${goQuote(k)} has no value`);
    if (size !== 0) set(data, k, inner);
    return e;
  }

  private keyList(data: GoMapObject, k: string, level: number): Signal {
    const idx = this.keyIndex();
    if (typeof idx !== 'number')
      return idx === EOF ? EOF : new StrvalsError(`error parsing index: ${(idx as StrvalsError).message}`);
    const list = mapHas(data, k) ? assertList(mapGet(data, k)) : [];
    const [out, err] = this.listItem(list, idx, level);
    set(data, k, out);
    return err;
  }

  private keyValue(data: GoMapObject, k: string): Signal {
    const [vl, e] = this.valList();
    if (e === undefined) {
      set(data, k, vl);
      return undefined;
    }
    if (e === EOF) {
      set(data, k, '');
      return EOF;
    }
    if (e !== NOT_LIST) return e;
    const rs = runesUntil(this.c, VALUE_STOP).text;
    set(data, k, this.read(rs));
    return undefined;
  }

  private jsonValue(data: GoMapObject, k: string): Signal {
    if (this.emptyVal()) {
      set(data, k, null);
      return undefined;
    }
    set(data, k, this.decodeJson());
    this.emptyVal();
    return undefined;
  }

  private decodeJson(): GoValue {
    const { value, consumed } = decodeJsonPrefix(this.c.rest());
    this.c.skipUnits(consumed);
    return value;
  }

  private read(runes: string): GoValue {
    return (this.reader as RunesValueReader)(runes);
  }

  private keyIndex(): number | typeof EOF | StrvalsError {
    const { text, last } = runesUntil(this.c, INDEX_STOP);
    if (last === undefined) return EOF;
    if (!/^[-+]?\d+$/.test(text)) return new StrvalsError(`strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) return new StrvalsError(`strconv.Atoi: parsing ${goQuote(text)}: value out of range`);
    return n;
  }

  private listItem(list: GoValue[], i: number, level: number): [GoValue[], Signal] {
    if (i < 0) return [list, new StrvalsError(`negative ${i} index not allowed`)];
    const { text: k, last } = runesUntil(this.c, ITEM_STOP);
    if (k.length > 0) return [list, new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(k)}`)];
    if (last === undefined) return [list, EOF];
    if (last === '=') return this.listValue(list, i);
    if (last === '[') {
      const next = this.keyIndex();
      if (typeof next !== 'number') {
        return [list, next === EOF ? EOF : new StrvalsError(`error parsing index: ${(next as StrvalsError).message}`)];
      }
      const existing = list.length > i && list[i] !== null && list[i] !== undefined ? assertList(list[i]) : [];
      const [inner, err] = this.listItem(existing, next, level);
      if (err !== undefined) return [list, err];
      return setIndex(list, i, inner);
    }
    let inner = newGoMap();
    if (list.length > i) {
      const cur = list[i];
      if (isPlainMap(cur)) inner = cur;
      else list[i] = inner;
    }
    const e = this.key(inner, level);
    if (e !== undefined) return [list, e];
    return setIndex(list, i, inner);
  }

  private listValue(list: GoValue[], i: number): [GoValue[], Signal] {
    if (this.reader === null) {
      if (this.emptyVal()) return setIndex(list, i, null);
      const v = this.decodeJson();
      const [out, err] = setIndex(list, i, v);
      if (err !== undefined) return [out, err];
      this.emptyVal();
      return [out, undefined];
    }
    const [vl, e] = this.valList();
    if (e === undefined) return setIndex(list, i, vl);
    if (e === EOF) return setIndex(list, i, '');
    if (e !== NOT_LIST) return [list, e];
    const rs = runesUntil(this.c, VALUE_STOP).text;
    return setIndex(list, i, this.read(rs));
  }

  /** Skips blanks and one comma; true when the value is empty (comma or end reached). */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.c.read();
      if (r === undefined || r === ',') return true;
      if (!/\s/u.test(r)) {
        this.c.unread();
        return false;
      }
    }
  }

  private valList(): [GoValue[], Signal] {
    const r = this.c.read();
    if (r === undefined) return [[], EOF];
    if (r !== '{') {
      this.c.unread();
      return [[], NOT_LIST];
    }
    const list: GoValue[] = [];
    for (;;) {
      const { text, last } = runesUntil(this.c, LIST_STOP);
      if (last === undefined) return [list, new StrvalsError("list must terminate with '}'")];
      if (last === '}') {
        const after = this.c.read();
        if (after !== undefined && after !== ',') this.c.unread();
        list.push(this.read(text));
        return [list, undefined];
      }
      list.push(this.read(text));
    }
  }
}

class TypeAssertion extends Error {}

function assertMap(v: GoValue): GoMapObject {
  if (isPlainMap(v)) return v;
  throw new TypeAssertion(`interface conversion: interface {} is ${goTypeName(v)}, not map[string]interface {}`);
}

function assertList(v: GoValue): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new TypeAssertion(`interface conversion: interface {} is ${goTypeName(v)}, not []interface {}`);
}

function goTypeName(v: GoValue): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (v instanceof GoInt) return v.kind;
  if (isPlainMap(v)) return 'map[string]interface {}';
  return typeof v;
}

function set(data: GoMapObject, key: string, value: GoValue): void {
  if (key.length > 0) mapSet(data, key, value);
}

function setIndex(list: GoValue[], index: number, value: GoValue): [GoValue[], Signal] {
  if (index < 0) return [list, new StrvalsError(`negative ${index} index not allowed`)];
  if (index > MAX_INDEX)
    return [list, new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`)];
  while (list.length <= index) list.push(null);
  list[index] = value;
  return [list, undefined];
}

/** `strvals.ParseInto`: merges a `--set` line into `dest`. Throws StrvalsError. */
export function parseInto(line: string, dest: GoMapObject): void {
  new Parser(line, dest, (rs) => typedVal(rs, false)).parse();
}

/** `strvals.ParseIntoString`: merges a `--set-string` line into `dest`. */
export function parseIntoString(line: string, dest: GoMapObject): void {
  new Parser(line, dest, (rs) => typedVal(rs, true)).parse();
}

/** `strvals.ParseJSON`: merges a `--set-json` line (JSON values) into `dest`. */
export function parseJsonInto(line: string, dest: GoMapObject): void {
  new Parser(line, dest, null).parse();
}

/** `strvals.ParseIntoFile`: merges a `--set-file` line, each value read through `reader`. */
export function parseIntoFile(line: string, dest: GoMapObject, reader: RunesValueReader): void {
  new Parser(line, dest, reader).parse();
}

/** `strvals.Parse`: a fresh map from a `--set` line. */
export function parseSet(line: string): GoMapObject {
  const out = newGoMap();
  parseInto(line, out);
  return out;
}
