/**
 * Masterminds/semver v3.3 (what Helm 3.17 and Sprig v3.3.0 use): loose version parsing (optional
 * "v", missing minor/patch, leading zeros in the numeric parts), precedence (build metadata
 * ignored), and constraints (= != > < >= <= ~ ~> ^, x/X/* wildcards, hyphen ranges, "," / space AND,
 * "||" OR) including the rule that a prerelease version only satisfies constraints that carry a
 * prerelease. The one semver implementation of the project: Sprig's `semver`/`semverCompare`, Helm's
 * dependency ranges and the app's version ordering all go through it.
 */

/** A parsed version. `original` is the text it was parsed from. */
export interface Semver {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Prerelease identifiers joined by "." ('' for a release). */
  readonly pre: string;
  /** Build metadata ('' when absent). */
  readonly metadata: string;
  readonly original: string;
}

/** A version or constraint Masterminds rejects; the message is Masterminds'. */
export class SemverError extends Error {
  readonly code = 'INVALID_SEMVER';
  override readonly name = 'SemverError';
}

/** `Version.String()`: the normalised text (`v1.2` → `1.2.0`). */
export function semverString(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? '-' + v.pre : ''}${v.metadata ? '+' + v.metadata : ''}`;
}

function parts(v: Semver): [bigint, bigint, bigint, string] {
  return [v.major, v.minor, v.patch, v.pre];
}

const VERSION_RE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** `semver.NewVersion` (loose). Throws {@link SemverError} with Masterminds' message. */
export function parseSemver(v: string): Semver {
  const m = VERSION_RE.exec(v);
  if (!m) throw new SemverError('Invalid Semantic Version');
  const pre = m[5] ?? '';
  for (const part of pre ? pre.split('.') : []) {
    if (/^\d+$/.test(part) && part.length > 1 && part[0] === '0')
      throw new SemverError('Version segment starts with 0');
  }
  const num = (s: string | undefined): bigint => (s ? BigInt(s.replace(/^\./, '')) : 0n);
  const max = (1n << 64n) - 1n;
  const [a, b, c] = [num(m[1]), num(m[2]), num(m[3])];
  if (a > max || b > max || c > max) throw new SemverError('Error parsing version segment: value out of range');
  return { major: a, minor: b, patch: c, pre, metadata: m[8] ?? '', original: v };
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

/** `Version.Compare`: -1, 0 or 1; build metadata is ignored. */
export function compareSemver(a: Semver, b: Semver): number {
  const [a1, a2, a3, ap] = parts(a);
  const [b1, b2, b3, bp] = parts(b);
  for (const [x, y] of [
    [a1, b1],
    [a2, b2],
    [a3, b3],
  ] as const)
    if (x !== y) return x > y ? 1 : -1;
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
  con: Semver;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
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
  if (!m) throw new SemverError(`improper constraint: ${c}`);
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
  let con: Semver;
  try {
    con = parseSemver(ver);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { op, con, dirty, minorDirty, patchDirty };
}

function check(v: Semver, c: Constraint): boolean {
  const [vM, vm, vp, vpre] = parts(v);
  const [cM, cm, cp, cpre] = parts(c.con);
  const cmp = compareSemver(v, c.con);
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
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '>':
      if (!c.dirty) return cmp === 1;
      if (vM > cM) return true;
      if (vM < cM || c.minorDirty) return false;
      if (c.patchDirty) return vm > cm;
      return cmp === 1;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (vM > cM) return false;
      return !(vM === cM && vm > cm && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
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

function tilde(v: Semver, c: Constraint): boolean {
  const [vM, vm] = parts(v);
  const [cM, cm, cp] = parts(c.con);
  if (compareSemver(v, c.con) < 0) return false;
  if (cM === 0n && cm === 0n && cp === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (vM !== cM) return false;
  if (vm !== cm && !c.minorDirty) return false;
  return true;
}

/** `semver.NewConstraint(c)` then `.Check(v)`. Throws {@link SemverError} for an improper constraint. */
export function checkConstraint(constraint: string, version: Semver): boolean {
  const rewritten = constraint.replace(RANGE_RE, (_m, a: string, ...rest: string[]) => `>= ${a}, <= ${rest[9]}`);
  const groups = rewritten.split('||').map((g) => {
    if (!VALID_RE.test(g)) throw new SemverError(`improper constraint: ${g}`);
    const found = g.match(FIND_RE) ?? [g];
    return found.map((s) => parseConstraint(s));
  });
  return groups.some((cs) => cs.every((c) => check(version, c)));
}
