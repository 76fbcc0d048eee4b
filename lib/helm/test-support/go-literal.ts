/**
 * Test support: reads the Go composite literals of Helm's table-driven tests (as extracted into
 * `/work/shared/conformance/helm/*.json` `go_source`) into template values, so the upstream rows
 * can be replayed against our implementation. Handles string/raw-string/number/bool/nil literals,
 * `map[K]V{…}`, `[]T{…}` with elided inner types, conversions like `int64(2)`, `a + b`, named
 * constants from an environment, and `fmt.Sprintf` with %d/%s/%q.
 */
import { GoInt, mapSet, newGoMap, type GoValue } from '@marina/go-runtime';

type Tok = { t: 'str' | 'num' | 'id' | 'p'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re =
    /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'|-?\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][\w.]*|\[\]|\{|\}|\(|\)|\[|\]|,|:|\+|\*|&|-/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const s = m[0];
    if (/^\s|^\/\//.test(s) || s.startsWith('/*')) continue;
    if (s[0] === '"') out.push({ t: 'str', v: JSON.parse(s.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string });
    else if (s[0] === '`') out.push({ t: 'str', v: s.slice(1, -1) });
    else if (s[0] === "'")
      out.push({
        t: 'num',
        v: String((JSON.parse('"' + s.slice(1, -1).replace(/"/g, '\\"') + '"') as string).codePointAt(0)),
      });
    else if (/^-?\d/.test(s)) out.push({ t: 'num', v: s.replace(/_/g, '') });
    else if (/^[A-Za-z_]/.test(s)) out.push({ t: 'id', v: s });
    else out.push({ t: 'p', v: s });
  }
  if (re.lastIndex < src.length)
    throw new Error(`go-literal: cannot tokenize at ${src.slice(re.lastIndex, re.lastIndex + 40)}`);
  return out;
}

/** A Go type expression, enough to interpret elided composite literals. */
type GoTypeExpr = { k: 'map'; elem: GoTypeExpr } | { k: 'slice'; elem: GoTypeExpr } | { k: 'other'; name: string };

export class GoLiteralReader {
  private i = 0;
  private readonly toks: Tok[];
  constructor(
    src: string,
    private readonly env: Record<string, GoValue> = {},
  ) {
    this.toks = tokenize(src);
  }

  private peek(off = 0): Tok | undefined {
    return this.toks[this.i + off];
  }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new Error('go-literal: unexpected end');
    return t;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new Error(`go-literal: expected ${v}, got ${t.v}`);
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }

  /** Reads an expression: a literal, possibly `+`-joined. */
  expr(hint?: GoTypeExpr): GoValue {
    let v = this.unary(hint);
    while (this.peek()?.v === '+') {
      this.next();
      const r = this.unary(hint);
      v = add(v, r);
    }
    return v;
  }

  private unary(hint?: GoTypeExpr): GoValue {
    const t = this.peek();
    if (!t) throw new Error('go-literal: unexpected end');
    if (t.v === '&') {
      this.next();
      return this.unary(hint);
    }
    if (t.v === '{') return this.composite(hint ?? { k: 'other', name: '?' });
    if (t.t === 'str') return this.next().v;
    if (t.t === 'num') {
      const s = this.next().v;
      return /[.eE]/.test(s) ? Number(s) : BigInt(s);
    }
    if (t.v === '[]' || t.v === '[' || t.v === '*' || (t.t === 'id' && (t.v === 'map' || this.peek(1)?.v === '{'))) {
      const type = this.typeExpr();
      return this.composite(type);
    }
    if (t.t === 'id') return this.ident();
    if (t.v === '(') {
      this.next();
      const v = this.expr(hint);
      this.expect(')');
      return v;
    }
    throw new Error(`go-literal: unexpected ${t.v}`);
  }

  private ident(): GoValue {
    const name = this.next().v;
    if (name === 'nil') return null;
    if (name === 'true' || name === 'false') return name === 'true';
    if (this.peek()?.v === '(') return this.call(name);
    if (name in this.env) return this.env[name];
    throw new Error(`go-literal: unknown identifier ${name}`);
  }

  private call(name: string): GoValue {
    this.expect('(');
    const args: GoValue[] = [];
    while (this.peek()?.v !== ')') {
      args.push(this.expr());
      if (this.peek()?.v === ',') this.next();
    }
    this.expect(')');
    if (/^u?int(8|16|32|64)?$/.test(name))
      return name === 'int' ? toBig(args[0]) : new GoInt(toBig(args[0]), name as 'int64');
    if (name === 'float64') return Number(args[0] as number | bigint);
    if (name === 'string') return String(args[0]);
    if (name === 'fmt.Sprintf') return sprintf(String(args[0]), args.slice(1));
    throw new Error(`go-literal: unknown function ${name}`);
  }

  typeExpr(): GoTypeExpr {
    const t = this.next();
    if (t.v === '*') return this.typeExpr();
    if (t.v === '[]') return { k: 'slice', elem: this.typeExpr() };
    if (t.v === 'map') {
      this.expect('[');
      this.typeExpr();
      this.expect(']');
      return { k: 'map', elem: this.typeExpr() };
    }
    if (t.v === 'interface' || t.v === 'struct') {
      this.expect('{');
      this.expect('}');
      return { k: 'other', name: t.v };
    }
    return { k: 'other', name: t.v };
  }

  private composite(type: GoTypeExpr): GoValue {
    this.expect('{');
    const isMap = type.k === 'map' || (type.k === 'other' && this.looksKeyed());
    const elem = type.k === 'map' || type.k === 'slice' ? type.elem : undefined;
    const out: GoValue[] = [];
    const map = newGoMap();
    while (this.peek()?.v !== '}') {
      if (isMap) {
        const key = this.peek()?.t === 'id' && this.peek(1)?.v === ':' ? this.next().v : String(this.expr());
        this.expect(':');
        mapSet(map, key, this.expr(elem));
      } else out.push(this.expr(elem));
      if (this.peek()?.v === ',') this.next();
    }
    this.expect('}');
    return isMap ? map : out;
  }

  private looksKeyed(): boolean {
    return this.peek(1)?.v === ':';
  }
}

function toBig(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return v.value;
  return BigInt(Math.trunc(Number(v)));
}

function add(a: GoValue, b: GoValue): GoValue {
  if (typeof a === 'string' || typeof b === 'string') return String(a) + String(b);
  return toBig(a) + toBig(b);
}

function sprintf(format: string, args: GoValue[]): string {
  let i = 0;
  return format.replace(/%[dsqv]/g, (m) => {
    const a = args[i++];
    return m === '%q' ? JSON.stringify(String(a)) : String(a instanceof GoInt ? a.value : a);
  });
}

/**
 * Finds `<name> := []struct { fields }{ rows }` in Go source and returns the rows as objects
 * keyed by field name (positional rows are mapped by declaration order).
 */
export function extractTable(
  goSource: string,
  name: string,
  env: Record<string, GoValue> = {},
): Array<Record<string, GoValue>> {
  const start = goSource.indexOf(`${name} := []struct {`);
  if (start < 0) throw new Error(`table ${name} not found`);
  const bodyStart = goSource.indexOf('{', start + name.length + 12);
  const declEnd = matchBrace(goSource, bodyStart);
  const fields = goSource
    .slice(bodyStart + 1, declEnd)
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((f) => /^\w+$/.test(f));
  const rowsStart = declEnd + 1;
  const rowsEnd = matchBrace(goSource, rowsStart);
  const r = new GoLiteralReader(goSource.slice(rowsStart + 1, rowsEnd), env);
  const rows: Array<Record<string, GoValue>> = [];
  while (!r.atEnd()) {
    rows.push(readRow(r, fields));
  }
  return rows;
}

function readRow(r: GoLiteralReader, fields: string[]): Record<string, GoValue> {
  const raw = r.expr({ k: 'other', name: 'row' });
  const row: Record<string, GoValue> = {};
  if (Array.isArray(raw)) raw.forEach((v, i) => (row[fields[i]] = v));
  else Object.assign(row, raw as object);
  const skipComma = r as unknown as { peek(): Tok | undefined; next(): Tok };
  if (skipComma.peek()?.v === ',') skipComma.next();
  return row;
}

function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '`') {
      const q = c;
      for (i++; i < s.length && s[i] !== q; i++) if (q === '"' && s[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}
