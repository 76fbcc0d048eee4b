/**
 * Go's fmt package for the value model: Sprint, Sprintln, Sprintf with verbs
 * v +v T d s q x X o O b c U e E f F g G t p %, flags `+ - # 0 space`, width, precision,
 * `*` and `[n]` argument indexes, and Go's error notations (`%!d(string=x)`, `%!v(MISSING)`,
 * `%!(EXTRA …)`). Error()/String() methods are honoured as fmt does.
 */
import { formatFloat } from '../strconv/go-float.format';
import { typeNameOf } from '../value/go-types';
import { findMethod, callMethod, kindOf, sortedMapEntries, structFields, type Kind } from '../value/go-reflect';
import { goQuote, isGoPrintable } from '../strconv/go-quote';
import { formatGoTime } from '../time/go-time.format';
import {
  GoBytes,
  GoComplex,
  GoInt,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  isUnsignedKind,
  type GoValue,
} from '../value/values';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

const newFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: 0,
  widPresent: false,
  prec: 0,
  precPresent: false,
});

const runeCount = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
};

let pseudoAddress = 0xc000010000;
const addresses = new WeakMap<object, number>();
function addressOf(v: object): string {
  let a = addresses.get(v);
  if (a === undefined) {
    a = pseudoAddress;
    pseudoAddress += 0x30;
    addresses.set(v, a);
  }
  return '0x' + a.toString(16);
}

class Printer {
  out = '';
  f: Flags = newFlags();
  private erroring = false;
  private arg: GoValue = undefined;

  // ---- padding ----------------------------------------------------------------------------
  private padding(n: number, zeroOK: boolean): string {
    if (n <= 0) return '';
    return (zeroOK && this.f.zero && !this.f.minus ? '0' : ' ').repeat(n);
  }
  pad(s: string, zeroOK = true): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.out += s;
      return;
    }
    const width = f.wid - runeCount(s);
    if (!f.minus) this.out += this.padding(width, zeroOK) + s;
    else this.out += s + this.padding(width, false);
  }

  // ---- top-level argument ----------------------------------------------------------------
  printArg(arg: GoValue, verb: string): void {
    this.arg = arg;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>', false);
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.fmtS(typeNameOf(arg));
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    switch (typeof arg) {
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
      case 'bigint':
        this.fmtInteger(arg, true, verb);
        return;
      case 'number':
        this.fmtFloat(arg, verb);
        return;
      case 'string':
        this.fmtString(arg, verb);
        return;
      default:
        break;
    }
    if (arg instanceof GoInt && !arg.typeName) {
      this.fmtInteger(arg.value, !isUnsignedKind(arg.kind), verb);
      return;
    }
    if (arg instanceof GoBytes) {
      this.fmtBytes(arg.bytes, verb, '[]uint8');
      return;
    }
    if (arg instanceof GoComplex) {
      this.fmtComplex(arg, verb);
      return;
    }
    if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0);
  }

  private handleMethods(arg: GoValue, verb: string): boolean {
    if (this.erroring || this.f.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    if (arg instanceof GoTime) {
      this.fmtString(formatGoTime(arg, '2006-01-02 15:04:05.999999999 -0700 MST'), verb);
      return true;
    }
    for (const name of ['Error', 'String']) {
      const m = findMethod(arg, name);
      if (!m) continue;
      try {
        const s = callMethod(m, []);
        this.fmtString(String(s), verb);
      } catch (e) {
        if (arg instanceof GoPtr && arg.isNil) {
          this.out += '<nil>';
        } else {
          const saved = this.f;
          this.f = newFlags();
          this.out += `%!${verb}(PANIC=${name} method: ${e instanceof Error ? e.message : String(e)})`;
          this.f = saved;
        }
      }
      return true;
    }
    return false;
  }

  private badVerb(verb: string, arg: GoValue): void {
    this.erroring = true;
    this.out += `%!${verb}(`;
    if (arg !== null && arg !== undefined) {
      this.out += typeNameOf(arg) + '=';
      this.printArg(arg, 'v');
    } else {
      this.out += '<nil>';
    }
    this.out += ')';
    this.erroring = false;
  }

  // ---- basic kinds ----------------------------------------------------------------------
  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false', false);
    else this.badVerb(verb, this.arg);
  }

  fmtInteger(v: bigint, signed: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV && !signed) this.fmtIntBase(v, 16, verb, true);
        else this.fmtIntBase(v, 10, verb);
        return;
      case 'd':
        this.fmtIntBase(v, 10, verb);
        return;
      case 'b':
        this.fmtIntBase(v, 2, verb);
        return;
      case 'o':
      case 'O':
        this.fmtIntBase(v, 8, verb);
        return;
      case 'x':
        this.fmtIntBase(v, 16, verb);
        return;
      case 'X':
        this.fmtIntBase(v, 16, verb, false, true);
        return;
      case 'c':
        this.pad(String.fromCodePoint(validRune(v)), false);
        return;
      case 'q':
        this.pad(quoteRune(validRune(v), this.f.plus), false);
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, this.arg);
    }
  }

  private fmtIntBase(v: bigint, base: number, verb: string, forceSharp = false, upper = false): void {
    const f = this.f;
    const negative = v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        this.out += ' '.repeat(Math.max(f.wid, 0));
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (f.sharp || forceSharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (f.plus) digits = '+' + digits;
    else if (f.space) digits = ' ' + digits;
    const oldZero = f.zero;
    f.zero = false;
    this.pad(digits);
    f.zero = oldZero;
  }

  private fmtUnicode(v: bigint): void {
    let s = 'U+' + (v < 0n ? BigInt.asUintN(64, v) : v).toString(16).toUpperCase();
    const prec = this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4;
    if (s.length - 2 < prec) s = 'U+' + '0'.repeat(prec - (s.length - 2)) + s.slice(2);
    if (this.f.sharp && v >= 0n && v <= 0x10ffffn && isGoPrintable(Number(v)))
      s += ` '${String.fromCodePoint(Number(v))}'`;
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  fmtFloat(v: number, verb: string): void {
    const f = this.f;
    let fmt: string;
    let prec: number;
    switch (verb) {
      case 'v':
        fmt = 'g';
        prec = -1;
        break;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        fmt = verb;
        prec = -1;
        break;
      case 'f':
      case 'e':
      case 'E':
        fmt = verb;
        prec = 6;
        break;
      case 'F':
        fmt = 'f';
        prec = 6;
        break;
      default:
        this.badVerb(verb, this.arg);
        return;
    }
    if (f.precPresent) prec = f.prec;
    let num = formatFloat(v, fmt, prec);
    if (f.sharp && verb !== 'b' && verb !== 'v') num = sharpFloat(num, fmt, prec);
    let sign = '+';
    if (num[0] === '-' || num[0] === '+') {
      sign = num[0];
      num = num.slice(1);
    }
    if (f.space && sign === '+' && !f.plus) sign = ' ';
    if (num === 'Inf' || num === 'NaN') {
      const oldZero = f.zero;
      f.zero = false;
      const showSign = num === 'NaN' ? f.space || f.plus : sign !== '+' || f.plus || f.space;
      this.pad((showSign ? sign : '') + num);
      f.zero = oldZero;
      return;
    }
    if (f.plus || sign !== '+') {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length + 1) {
        this.out += sign + '0'.repeat(f.wid - num.length - 1) + num;
        return;
      }
      this.pad(sign + num);
      return;
    }
    this.pad(num);
  }

  fmtComplex(v: GoComplex, verb: string): void {
    if (!'vbgGxXfFeE'.includes(verb)) {
      this.badVerb(verb, v);
      return;
    }
    const oldPlus = this.f.plus;
    this.out += '(';
    this.fmtFloat(v.re, verb);
    this.f.plus = true;
    this.fmtFloat(v.im, verb);
    this.out += 'i)';
    this.f.plus = oldPlus;
  }

  fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSx(Buffer.from(s, 'utf8'), '0123456789abcdef');
        return;
      case 'X':
        this.fmtSx(Buffer.from(s, 'utf8'), '0123456789ABCDEF');
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, this.arg);
    }
  }

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    const chars = [...s];
    return chars.length > this.f.prec ? chars.slice(0, this.f.prec).join('') : s;
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s), false);
  }

  private fmtQ(s: string): void {
    const t = this.truncate(s);
    if (this.f.sharp && !/[`\x00-\x08\x0a-\x1f\x7f\ufeff]/.test(t)) this.pad('`' + t + '`', false);
    else this.pad(this.f.plus ? quoteASCII(t) : goQuote(t), false);
  }

  private fmtSx(b: Uint8Array, digits: string): void {
    let n = b.length;
    if (this.f.precPresent && this.f.prec < n) n = this.f.prec;
    let s = '';
    for (let i = 0; i < n; i++) {
      if (this.f.space && i > 0) s += ' ';
      if (this.f.sharp && (this.f.space || i === 0)) s += digits === '0123456789abcdef' ? '0x' : '0X';
      s += digits[b[i] >> 4] + digits[b[i] & 15];
    }
    this.pad(s, false);
  }

  private fmtBytes(b: Uint8Array, verb: string, typeName: string): void {
    switch (verb) {
      case 'v':
      case 'd': {
        if (this.f.sharpV) {
          this.out += typeName + '{' + [...b].map((x) => '0x' + x.toString(16).padStart(2, '0')).join(', ') + '}';
          return;
        }
        this.out += '[';
        b.forEach((x, i) => {
          if (i > 0) this.out += ' ';
          this.fmtIntBase(BigInt(x), 10, verb);
        });
        this.out += ']';
        return;
      }
      case 's':
        this.fmtS(Buffer.from(b).toString('utf8'));
        return;
      case 'x':
        this.fmtSx(b, '0123456789abcdef');
        return;
      case 'X':
        this.fmtSx(b, '0123456789ABCDEF');
        return;
      case 'q':
        this.fmtQ(Buffer.from(b).toString('utf8'));
        return;
      default:
        this.printValue(
          [...b].map((x) => new GoInt(BigInt(x), 'uint8')),
          verb,
          0,
        );
    }
  }

  private fmtPointer(v: GoValue, verb: string): void {
    const isNil = v === null || v instanceof GoNil || (v instanceof GoPtr && v.isNil);
    if (verb === 'v') {
      if (isNil) this.pad('<nil>', false);
      else this.pad(addressOf(v as object), false);
      return;
    }
    if (verb === 'p') {
      this.pad(isNil ? '0x0' : addressOf(v as object), false);
      return;
    }
    this.badVerb(verb, v);
  }

  // ---- composite values -------------------------------------------------------------------
  printValue(v: GoValue, verb: string, depth: number): void {
    if (depth > 0 && v !== undefined && v !== null) {
      this.arg = v;
      if (this.handleMethods(v, verb)) return;
    }
    this.arg = v;
    const k: Kind = kindOf(v);
    switch (k) {
      case 'nil':
        // a nil interface element: printed as <nil> whatever the verb
        this.out += '<nil>';
        return;
      case 'invalid':
        if (depth === 0) this.out += '<invalid reflect.Value>';
        else if (verb === 'v') this.out += '<nil>';
        else this.badVerb(verb, undefined);
        return;
      case 'bool':
        this.fmtBool(v as boolean, verb);
        return;
      case 'int':
      case 'uint':
        this.fmtInteger(v instanceof GoInt ? v.value : (v as bigint), k === 'int', verb);
        return;
      case 'float':
        this.fmtFloat(v as number, verb);
        return;
      case 'complex':
        this.fmtComplex(v as GoComplex, verb);
        return;
      case 'string':
        this.fmtString(v as string, verb);
        return;
      case 'map':
        this.printMap(v, verb, depth);
        return;
      case 'struct':
        this.printStruct(v, verb, depth);
        return;
      case 'slice':
      case 'array':
        this.printList(v, verb, depth);
        return;
      case 'ptr':
        if (depth === 0 && v instanceof GoPtr && v.cell) {
          const inner = v.cell.value;
          const ik = kindOf(inner);
          if (ik === 'array' || ik === 'slice' || ik === 'struct' || ik === 'map') {
            this.out += '&';
            this.printValue(inner, verb, depth + 1);
            return;
          }
        }
        this.fmtPointer(v, verb);
        return;
      default:
        this.fmtPointer(v, verb);
    }
  }

  private printMap(v: GoValue, verb: string, depth: number): void {
    this.out += 'map[';
    if (v instanceof GoNil) {
      this.out += ']';
      return;
    }
    sortedMapEntries(v).forEach(([key, val], i) => {
      if (i > 0) this.out += ' ';
      this.printValue(key, verb, depth + 1);
      this.out += ':';
      this.printValue(val, verb, depth + 1);
    });
    this.out += ']';
  }

  private printStruct(v: GoValue, verb: string, depth: number): void {
    if (v instanceof GoTime) {
      this.fmtString(formatGoTime(v, '2006-01-02 15:04:05.999999999 -0700 MST'), verb);
      return;
    }
    const s = v as GoStruct;
    if (depth === 0 && s.goIsPointer() && this.pointerStyle) this.out += '&';
    else if (depth > 0 && s.goIsPointer() && this.pointerStyle) {
      this.fmtPointer(s, verb);
      return;
    }
    this.out += '{';
    structFields(s).forEach(([name, val], i) => {
      if (i > 0) this.out += ' ';
      if (this.f.plusV) this.out += name + ':';
      this.printValue(val, verb, depth + 1);
    });
    this.out += '}';
  }

  /** When true, struct pointers print as `&{…}` (fmt of a pointer); templates print the pointee. */
  pointerStyle = false;

  private printList(v: GoValue, verb: string, depth: number): void {
    if (v instanceof GoBytes) {
      this.fmtBytes(v.bytes, verb, '[]uint8');
      return;
    }
    if (v instanceof GoNil) {
      this.out += '[]';
      return;
    }
    const arr = v as GoValue[];
    this.out += '[';
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) this.out += ' ';
      this.printValue(arr[i], verb, depth + 1);
    }
    this.out += ']';
  }

  // ---- entry points ---------------------------------------------------------------------------
  doPrintf(format: string, a: GoValue[]): void {
    let argNum = 0;
    let afterIndex = false;
    let reordered = false;
    const end = format.length;
    let i = 0;
    while (i < end) {
      let goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.out += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.f = newFlags();
      const f = this.f;
      flags: for (; i < end; i++) {
        switch (format[i]) {
          case '#':
            f.sharp = true;
            break;
          case '0':
            f.zero = !f.minus;
            break;
          case '+':
            f.plus = true;
            break;
          case '-':
            f.minus = true;
            f.zero = false;
            break;
          case ' ':
            f.space = true;
            break;
          default:
            break flags;
        }
      }
      // argument index
      const argIdx = (): void => {
        if (i < end && format[i] === '[') {
          reordered = true;
          const close = format.indexOf(']', i);
          const n = close > i ? Number(format.slice(i + 1, close)) : NaN;
          if (close < 0 || !Number.isInteger(n) || format.slice(i + 1, close) === '' || n < 1 || n > a.length) {
            goodArgNum = false;
            i = close < 0 ? end : close + 1;
          } else {
            argNum = n - 1;
            i = close + 1;
            afterIndex = true;
          }
        }
      };
      afterIndex = false;
      argIdx();
      if (i < end && format[i] === '*') {
        i++;
        const w = intFromArg(a, argNum);
        argNum = w.next;
        f.wid = w.n;
        f.widPresent = w.ok;
        if (!w.ok) this.out += '%!(BADWIDTH)';
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        const p = parseNum(format, i);
        f.wid = p.n;
        f.widPresent = p.ok;
        i = p.next;
        if (afterIndex && f.widPresent) goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        afterIndex = false;
        argIdx();
        if (i < end && format[i] === '*') {
          i++;
          const p = intFromArg(a, argNum);
          argNum = p.next;
          f.prec = p.n;
          f.precPresent = p.ok;
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.out += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const p = parseNum(format, i);
          f.prec = p.ok ? p.n : 0;
          f.precPresent = true;
          i = p.next;
        }
      }
      if (!afterIndex) argIdx();
      if (i >= end) {
        this.out += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === '%') {
        this.out += '%';
      } else if (!goodArgNum) {
        this.out += `%!${verb}(BADINDEX)`;
      } else if (argNum >= a.length) {
        this.out += `%!${verb}(MISSING)`;
      } else {
        if (verb === 'v') {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!reordered && argNum < a.length) {
      this.f = newFlags();
      this.out += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, j) => {
        if (j > 0) this.out += ', ';
        if (arg === null || arg === undefined) this.out += '<nil>';
        else {
          this.out += typeNameOf(arg) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.out += ')';
    }
  }
}

function parseNum(s: string, start: number): { n: number; ok: boolean; next: number } {
  let i = start;
  let n = 0;
  while (i < s.length && s[i] >= '0' && s[i] <= '9') {
    if (n > 1e6) return { n: 0, ok: false, next: s.length };
    n = n * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  return { n, ok: i > start, next: i };
}

function intFromArg(a: GoValue[], argNum: number): { n: number; ok: boolean; next: number } {
  if (argNum >= a.length) return { n: 0, ok: false, next: argNum };
  const v = a[argNum];
  let n: number | undefined;
  if (typeof v === 'bigint') n = Number(v);
  else if (v instanceof GoInt) n = Number(v.value);
  const ok = n !== undefined && Math.abs(n) <= 1e6;
  return { n: ok ? n! : 0, ok, next: argNum + 1 };
}

function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn)) return 0xfffd;
  return Number(v);
}

function quoteRune(cp: number, ascii: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const q = ascii ? quoteASCII(ch) : goQuote(ch);
  return "'" + q.slice(1, -1) + "'";
}

function quoteASCII(s: string): string {
  const q = goQuote(s);
  let out = '';
  for (const ch of q) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (cp > 0xffff) out += `\\U${cp.toString(16).padStart(8, '0')}`;
    else out += `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}

function sharpFloat(num: string, fmt: string, prec: number): string {
  if (fmt === 'x' || fmt === 'X') return num;
  const m = /^([+-]?)([0-9.]+)([eE].*)?$/.exec(num);
  if (!m) return num;
  let mant = m[2];
  if (!mant.includes('.')) mant += '.';
  if (fmt === 'g' || fmt === 'G') {
    const digits = mant.replace('.', '').replace(/^0+/, '').length || 1;
    const want = prec < 0 ? 6 : prec === 0 ? 1 : prec;
    if (digits < want) mant += '0'.repeat(want - digits);
  }
  return m[1] + mant + (m[3] ?? '');
}

/** fmt.Sprint. */
export function sprint(args: readonly GoValue[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.out += ' ';
    p.f = newFlags();
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.out;
}

/** fmt.Sprintln. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.out += ' ';
    p.f = newFlags();
    p.printArg(arg, 'v');
  });
  return p.out + '\n';
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  p.pointerStyle = true;
  p.doPrintf(format, args as GoValue[]);
  return p.out;
}

/** `%v` of a single value, as text/template prints an action's result (pointers already followed). */
export function formatValue(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatFloat(v, 'g', -1);
    default:
      break;
  }
  const p = new Printer();
  p.printArg(v, 'v');
  return p.out;
}

/** Kinds used by callers that need Go's kind names. */
export type { Kind };
