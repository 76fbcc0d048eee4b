/**
 * Masterminds/semver v3 as Helm uses it: lenient version parsing (`v` prefix and missing
 * minor/patch allowed) and constraint checks (`>=1.2 <2`, `^1.2`, `~1.2.3`, `1.2.x`, `a, b`,
 * `a || b`, `!=1.2.3`), implemented over the `semver` package.
 */
import SemVer from 'semver/classes/semver';
import Range from 'semver/classes/range';
import parse from 'semver/functions/parse';
import satisfies from 'semver/functions/satisfies';

const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** A parsed version, normalised to full SemVer text (`1.2` → `1.2.0`). */
export function parseHelmVersion(v: string): SemVer | null {
  const m = VERSION_RE.exec(v.trim());
  if (!m) return null;
  const norm = `${m[1]}${m[2] ?? '.0'}${m[3] ?? '.0'}${m[4] ?? ''}${m[7] ?? ''}`;
  return parse(norm);
}

/** Masterminds `NewVersion(v) == nil`. */
export function isValidSemver(v: string): boolean {
  return parseHelmVersion(v) !== null;
}

/** Helm's `IsCompatibleRange(constraint, version)`; false when either does not parse. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  const sv = parseHelmVersion(version);
  if (!sv || constraint.trim() === '') return false;
  try {
    return constraint.split('||').some((group) => checkAndGroup(group, sv));
  } catch {
    return false; // an unparsable constraint is "not compatible", as in Helm
  }
}

function checkAndGroup(group: string, v: SemVer): boolean {
  const parts = tokenizeGroup(group);
  if (parts.length === 0) throw new Error('empty constraint');
  return parts.every((p) => checkOne(p, v));
}

/** Splits "a, b" / "a b" / ">= 1.2" into single constraints, keeping hyphen ranges whole. */
function tokenizeGroup(group: string): string[] {
  const cleaned = group.replace(/,/g, ' ').replace(/(>=|<=|=>|=<|!=|~>|[<>=~^])\s+/g, '$1').trim();
  if (cleaned === '') return [];
  const words = cleaned.split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i + 1] === '-' && words[i + 2] !== undefined) {
      out.push(`${words[i]} - ${words[i + 2]}`);
      i += 2;
    } else out.push(words[i]);
  }
  return out;
}

function checkOne(c: string, v: SemVer): boolean {
  let op = '';
  let rest = c;
  const m = /^(>=|<=|=>|=<|!=|~>|[<>=~^])?(.*)$/.exec(c);
  if (m) [op, rest] = [m[1] ?? '', m[2]];
  if (op === '=>') op = '>=';
  if (op === '=<') op = '<=';
  if (op === '~>') op = '~';
  if (op === '!=') return !satisfies(v, normalizeWildcards(rest), { includePrerelease: true });
  const range = new Range(op + normalizeWildcards(rest), { loose: true });
  return range.test(v);
}

function normalizeWildcards(s: string): string {
  return s.replace(/^v/, '');
}
