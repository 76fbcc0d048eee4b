/**
 * TOML for Helm's `toToml`/`fromToml` (BurntSushi/toml): encoding of maps with plain keys first,
 * then `[tables]` indented two spaces per level and `[[arrays of tables]]`; decoding of the common
 * TOML subset (tables, dotted keys, inline tables, arrays, basic/literal/multi-line strings,
 * integers as int64, floats, booleans, date-times kept as text).
 */
import {
  compareStrings,
  GoInt,
  isPlainMap,
  mapGet,
  mapHas,
  mapSet,
  newGoMap,
  type GoMapObject,
  type GoValue,
} from '@marina/go-runtime';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteKey(k: string): string {
  return BARE_KEY.test(k) ? k : quoteString(k);
}

function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function isTableArray(v: GoValue): v is GoMapObject[] {
  return Array.isArray(v) && v.length > 0 && v.every(isPlainMap);
}

function scalarText(v: GoValue): string {
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof GoInt) return v.value.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const s = v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
    return s.includes('.') ? s : s + '.0';
  }
  if (Array.isArray(v)) {
    if (v.some((x) => x === null || x === undefined))
      throw new TomlEncodeError('toml: cannot encode array with nil element');
    return '[' + v.map(scalarText).join(', ') + ']';
  }
  if (isPlainMap(v))
    return (
      '{' +
      sortedKeys(v)
        .filter((k) => v[k] != null)
        .map((k) => `${quoteKey(k)} = ${scalarText(v[k])}`)
        .join(', ') +
      '}'
    );
  return quoteString(String(v));
}

function sortedKeys(m: GoMapObject): string[] {
  return Object.keys(m).sort(compareStrings);
}

/** An encoding the TOML encoder refuses; its message is what Helm's toToml returns. */
class TomlEncodeError extends Error {}

/** `toml.NewEncoder(b).Encode(v)` text, or the error text Helm returns. */
export function tomlEncode(v: GoValue): string {
  if (!isPlainMap(v)) return 'toml: top-level values must be Go maps or structs';
  const out: string[] = [];
  try {
    writeTable(out, v, [], 0);
  } catch (err) {
    if (err instanceof TomlEncodeError) return err.message;
    throw err;
  }
  return out.join('');
}

function writeTable(out: string[], m: GoMapObject, path: string[], depth: number): void {
  const indent = '  '.repeat(depth);
  const keys = sortedKeys(m).filter((k) => m[k] !== null && m[k] !== undefined);
  for (const k of keys) {
    const val = m[k];
    if (isPlainMap(val) || isTableArray(val)) continue;
    out.push(`${indent}${quoteKey(k)} = ${scalarText(val)}\n`);
  }
  for (const k of keys) {
    const val = m[k];
    const sub = [...path, k];
    const header = sub.map(quoteKey).join('.');
    const subIndent = '  '.repeat(depth);
    if (isPlainMap(val)) {
      // BurntSushi/toml separates top-level tables with a blank line, nested ones not at all.
      if (out.length > 0 && sub.length === 1) out.push('\n');
      out.push(`${subIndent}[${header}]\n`);
      writeTable(out, val, sub, depth + 1);
    } else if (isTableArray(val)) {
      for (const item of val) {
        if (out.length > 0) out.push('\n');
        out.push(`${subIndent}[[${header}]]\n`);
        writeTable(out, item, sub, depth + 1);
      }
    }
  }
}

/** `toml.Unmarshal` into a map; on error the map holds `Error`. */
export function tomlDecode(text: string): GoMapObject {
  try {
    return new TomlParser(text).parse();
  } catch (err) {
    const m = newGoMap();
    mapSet(m, 'Error', `toml: ${(err as Error).message}`);
    return m;
  }
}

class TomlParser {
  private i = 0;
  private line = 1;
  private readonly root = newGoMap();
  private current: GoMapObject = this.root;
  constructor(private readonly s: string) {}

  parse(): GoMapObject {
    while (this.skipWsCommentsNewlines()) {
      if (this.s[this.i] === '[') this.header();
      else this.keyValue(this.current);
    }
    return this.root;
  }

  private fail(msg: string): never {
    throw new Error(`line ${this.line}: ${msg}`);
  }

  private skipWsCommentsNewlines(): boolean {
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) return false;
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\n') {
        this.i++;
        this.line++;
      } else if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else return true;
    }
  }

  private skipWs(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  private header(): void {
    const array = this.s.startsWith('[[', this.i);
    this.i += array ? 2 : 1;
    const keys = this.keyPath();
    if (!this.s.startsWith(array ? ']]' : ']', this.i)) this.fail('expected ]');
    this.i += array ? 2 : 1;
    let t = this.root;
    for (let k = 0; k < keys.length; k++) {
      const last = k === keys.length - 1;
      if (last && array) {
        const list = (mapHas(t, keys[k]) ? mapGet(t, keys[k]) : []) as GoMapObject[];
        const item = newGoMap();
        list.push(item);
        mapSet(t, keys[k], list);
        t = item;
      } else t = this.descend(t, keys[k]);
    }
    this.current = t;
  }

  private descend(t: GoMapObject, key: string): GoMapObject {
    let next = mapGet(t, key);
    if (Array.isArray(next)) next = next[next.length - 1];
    if (next === undefined) {
      next = newGoMap();
      mapSet(t, key, next);
    }
    if (!isPlainMap(next)) this.fail(`key ${key} is not a table`);
    return next;
  }

  private keyPath(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipWs();
      keys.push(this.key());
      this.skipWs();
      if (this.s[this.i] !== '.') return keys;
      this.i++;
    }
  }

  private key(): string {
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.stringValue();
    const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected key');
    this.i += m[0].length;
    return m[0];
  }

  private keyValue(t: GoMapObject): void {
    const keys = this.keyPath();
    this.skipWs();
    if (this.i >= this.s.length || this.s[this.i] === '\n') this.fail("unexpected EOF; expected key separator '='");
    if (this.s[this.i] !== '=') this.fail(`expected key separator '=', but got '${this.s[this.i]}' instead`);
    this.i++;
    this.skipWs();
    let target = t;
    for (const k of keys.slice(0, -1)) target = this.descend(target, k);
    mapSet(target, keys[keys.length - 1], this.value());
  }

  private value(): GoValue {
    const rest = this.s.slice(this.i);
    const c = rest[0];
    if (c === '"' || c === "'") return this.stringValue();
    if (c === '[') return this.arrayValue();
    if (c === '{') return this.inlineTable();
    const m =
      /^(true|false|[-+]?(inf|nan)|[0-9][0-9:T.Z+-]*[0-9Z](?=[\s,\]}#]|$)|[-+]?(0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+(\.[0-9_]+)?([eE][-+]?[0-9_]+)?))/.exec(
        rest,
      );
    if (!m) this.fail('invalid value');
    this.i += m[0].length;
    return scalarOf(m[0]);
  }

  private stringValue(): string {
    const q = this.s[this.i];
    const multi = this.s.startsWith(q.repeat(3), this.i);
    const delim = multi ? q.repeat(3) : q;
    let j = this.i + delim.length;
    if (multi && this.s[j] === '\n') j++;
    let out = '';
    while (!this.s.startsWith(delim, j)) {
      const ch = this.s[j];
      if (ch === undefined || (!multi && ch === '\n')) this.fail('unterminated string');
      if (ch === '\\' && q === '"') {
        const [txt, len] = unescape(this.s, j);
        out += txt;
        j += len;
        continue;
      }
      if (ch === '\n') this.line++;
      out += ch;
      j++;
    }
    this.i = j + delim.length;
    return out;
  }

  private arrayValue(): GoValue[] {
    this.i++;
    const out: GoValue[] = [];
    for (;;) {
      this.skipWsCommentsNewlines();
      if (this.s[this.i] === ']') break;
      out.push(this.value());
      this.skipWsCommentsNewlines();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail('expected , or ]');
    }
    this.i++;
    return out;
  }

  private inlineTable(): GoMapObject {
    this.i++;
    const t = newGoMap();
    this.skipWs();
    while (this.s[this.i] !== '}') {
      this.keyValue(t);
      this.skipWs();
      if (this.s[this.i] === ',') {
        this.i++;
        this.skipWs();
      } else if (this.s[this.i] !== '}') this.fail('expected , or }');
    }
    this.i++;
    return t;
  }
}

function unescape(s: string, j: number): [string, number] {
  const e = s[j + 1];
  const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
  if (e in simple) return [simple[e], 2];
  if (e === 'u' || e === 'U') {
    const n = e === 'u' ? 4 : 8;
    return [String.fromCodePoint(parseInt(s.slice(j + 2, j + 2 + n), 16)), 2 + n];
  }
  if (e === '\n') {
    let k = j + 1;
    while (/\s/.test(s[k] ?? '')) k++;
    return ['', k - j];
  }
  throw new Error(`invalid escape \\${e}`);
}

function scalarOf(t: string): GoValue {
  if (t === 'true' || t === 'false') return t === 'true';
  if (/inf$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/nan$/.test(t)) return NaN;
  if (/^[0-9]{4}-|^[0-9]{2}:/.test(t)) return t;
  const clean = t.replace(/_/g, '');
  if (/^[-+]?0[xob]/.test(clean)) {
    const neg = clean.startsWith('-');
    return new GoInt(BigInt(clean.replace(/^[-+]/, '')) * (neg ? -1n : 1n), 'int64');
  }
  if (/^[-+]?[0-9]+$/.test(clean)) return new GoInt(BigInt(clean), 'int64');
  return Number(clean);
}
