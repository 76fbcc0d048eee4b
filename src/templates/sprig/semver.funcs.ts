/**
 * Masterminds/semver v3 behaviour for Sprig's `semver` and `semverCompare`: loose version
 * parsing (optional "v", missing minor/patch), precedence rules, and constraints
 * (= != > < >= <= ~ ~> ^, x/X/* wildcards, hyphen ranges, "," / space AND, "||" OR) including
 * the rule that prerelease versions only satisfy constraints that carry a prerelease.
 */
import { GoFuncError } from '../errors';
import { registerStruct } from '../go-types';
import { GoInt, GoStruct, goFunc, type GoStructClass } from '../values';

const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** *semver.Version with its template-visible methods. */
export class SemverVersion extends GoStruct {
  static override goTypeName = 'semver.Version';
  static override goMethodSigs: Record<string, string> = {
    Major: 'func() uint64', Minor: 'func() uint64', Patch: 'func() uint64', Prerelease: 'func() string',
    Metadata: 'func() string', Original: 'func() string', String: 'func() string',
    Compare: 'func(*semver.Version) int', LessThan: 'func(*semver.Version) bool',
    GreaterThan: 'func(*semver.Version) bool', Equal: 'func(*semver.Version) bool',
  };
  constructor(
    private readonly major: bigint, private readonly minor: bigint, private readonly patch: bigint,
    private readonly pre: string, private readonly metadata: string, private readonly original: string,
  ) { super(); }
  Major(): GoInt { return new GoInt(this.major, 'uint64'); }
  Minor(): GoInt { return new GoInt(this.minor, 'uint64'); }
  Patch(): GoInt { return new GoInt(this.patch, 'uint64'); }
  Prerelease(): string { return this.pre; }
  Metadata(): string { return this.metadata; }
  Original(): string { return this.original; }
  String(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? '-' + this.pre : ''}${this.metadata ? '+' + this.metadata : ''}`;
  }
  Compare(o: SemverVersion): bigint { return BigInt(compareVersions(this, o)); }
  LessThan(o: SemverVersion): boolean { return compareVersions(this, o) < 0; }
  GreaterThan(o: SemverVersion): boolean { return compareVersions(this, o) > 0; }
  Equal(o: SemverVersion): boolean { return compareVersions(this, o) === 0; }
  /** json.Marshal of a *Version is its string form. */
  MarshalJSON(): string { return JSON.stringify(this.String()); }
  /** Raw numeric parts for comparisons. */
  parts(): [bigint, bigint, bigint, string] { return [this.major, this.minor, this.patch, this.pre]; }
}
registerStruct(SemverVersion as unknown as GoStructClass);

/** semver.NewVersion (loose). Throws GoFuncError("Invalid Semantic Version"). */
export function parseVersion(v: string): SemverVersion {
  const m = VERSION_RE.exec(v);
  if (!m) throw new GoFuncError('Invalid Semantic Version');
  const pre = m[5] ?? '';
  for (const part of pre ? pre.split('.') : []) {
    if (/^\d+$/.test(part) && part.length > 1 && part[0] === '0') throw new GoFuncError('Version segment starts with 0');
  }
  const num = (s: string | undefined): bigint => (s ? BigInt(s.replace(/^\./, '')) : 0n);
  const max = (1n << 64n) - 1n;
  const [a, b, c] = [num(m[1]), num(m[2]), num(m[3])];
  if (a > max || b > max || c > max) throw new GoFuncError('Error parsing version segment: value out of range');
  return new SemverVersion(a, b, c, pre, m[8] ?? '', v);
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = /^\d+$/.test(s);
  const on = /^\d+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

/** Version.Compare. */
export function compareVersions(a: SemverVersion, b: SemverVersion): number {
  const [a1, a2, a3, ap] = a.parts();
  const [b1, b2, b3, bp] = b.parts();
  for (const [x, y] of [[a1, b1], [a2, b2], [a3, b3]] as const) if (x !== y) return x > y ? 1 : -1;
  if (ap === '' && bp === '') return 0;
  if (ap === '') return 1;
  if (bp === '') return -1;
  return comparePrereleases(ap, bp);
}

function comparePrereleases(ap: string, bp: string): number {
  const sp = ap.split('.');
  const op = bp.split('.');
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

interface Constraint {
  op: string;
  con: SemverVersion;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
// Masterminds' operator alternation, in its order (RE2 and JS both take the first alternative that
// lets the whole pattern match).
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CONSTRAINT_RE = new RegExp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const FIND_RE = new RegExp(`(${OPS})\\s*(${CV})`, 'g');
const RANGE_RE = new RegExp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`, 'g');
const VALID_RE = new RegExp(`^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`);

const isX = (s: string): boolean => s === 'x' || s === 'X' || s === '*';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new GoFuncError(`improper constraint: ${c}`);
  const op = m[1];
  const major = m[3];
  const minor = (m[4] ?? '').replace(/^\./, '');
  const patch = (m[5] ?? '').replace(/^\./, '');
  const pre = m[6] ?? '';
  let ver = m[2];
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor) || minor === '') {
    minorDirty = dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch) || patch === '') {
    patchDirty = dirty = true;
    ver = `${major}${m[4] ?? ''}.0${pre}`;
  }
  let con: SemverVersion;
  try {
    con = parseVersion(ver);
  } catch {
    throw new GoFuncError('constraint Parser Error');
  }
  return { op, con, dirty, minorDirty, patchDirty };
}

function check(v: SemverVersion, c: Constraint): boolean {
  const [vM, vm, vp, vpre] = v.parts();
  const [cM, cm, cp, cpre] = c.con.parts();
  const cmp = compareVersions(v, c.con);
  if (c.op === '!=') {
    if (c.dirty) {
      if (vpre !== '' && cpre === '') return false;
      if (cM !== vM) return true;
      if (cm !== vm && !c.minorDirty) return true;
      if (c.minorDirty) return false;
      if (cp !== vp && !c.patchDirty) return true;
      if (vpre !== '' || cpre !== '') return comparePrereleases(vpre, cpre) !== 0;
      return false;
    }
    return cmp !== 0;
  }
  if (vpre !== '' && cpre === '') return false;
  switch (c.op) {
    case '': case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '>':
      if (!c.dirty) return cmp === 1;
      if (vM > cM) return true;
      if (vM < cM || c.minorDirty) return false;
      if (c.patchDirty) return vm > cm;
      return cmp === 1;
    case '<': return cmp < 0;
    case '>=': case '=>': return cmp >= 0;
    case '<=': case '=<':
      if (!c.dirty) return cmp <= 0;
      if (vM > cM) return false;
      return !(vM === cM && vm > cm && !c.minorDirty);
    case '~': case '~>': return tilde(v, c);
    case '^':
      if (cmp < 0) return false;
      if (cM > 0n || c.minorDirty) return vM === cM;
      if (cM === 0n && vM > 0n) return false;
      if (cm > 0n || c.patchDirty) return vm === cm;
      if (cm === 0n && vm > 0n) return false;
      return cp === vp;
    default:
      return false;
  }
}

function tilde(v: SemverVersion, c: Constraint): boolean {
  const [vM, vm] = v.parts();
  const [cM, cm, cp] = c.con.parts();
  if (compareVersions(v, c.con) < 0) return false;
  if (cM === 0n && cm === 0n && cp === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (vM !== cM) return false;
  if (vm !== cm && !c.minorDirty) return false;
  return true;
}

/** semver.NewConstraint(c).Check(v) */
export function constraintCheck(constraint: string, version: SemverVersion): boolean {
  const rewritten = constraint.replace(RANGE_RE, (_m, a: string, ...rest: string[]) => `>= ${a}, <= ${rest[9]}`);
  const groups = rewritten.split('||').map((g) => {
    if (!VALID_RE.test(g)) throw new GoFuncError(`improper constraint: ${g}`);
    const found = g.match(FIND_RE) ?? [g];
    return found.map((s) => parseConstraint(s));
  });
  return groups.some((cs) => cs.every((c) => check(version, c)));
}

export const semverFuncs = {
  semver: goFunc('func(string) (*semver.Version, error)', (v: string) => parseVersion(v)),
  semverCompare: goFunc('func(string, string) (bool, error)', (c: string, v: string) => constraintCheck(c, parseVersion(v))),
};
