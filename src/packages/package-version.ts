/**
 * Version parsing and ordering as Masterminds/semver (used by Helm and OpenPitrix) does it:
 * an optional leading 'v', one to three numeric parts (missing parts are 0), optional
 * pre-release and build metadata; leading zeros are accepted (Masterminds' loose parser, which
 * Helm uses, reads "0.46.00" as 0.46.0). Build metadata does not affect order.
 */
export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly pre: readonly string[];
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

const cache = new Map<string, ParsedVersion | null>();

export function parseVersion(v: string): ParsedVersion | null {
  let parsed = cache.get(v);
  if (parsed !== undefined) return parsed;
  const m = VERSION.exec(v);
  parsed = m ? { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ? m[4].split('.') : [] } : null;
  if (cache.size > 100_000) cache.clear();
  cache.set(v, parsed);
  return parsed;
}

export function isValidVersion(v: string): boolean {
  return parseVersion(v) !== null;
}

/** Negative when a < b. Unparseable versions sort before every valid one (as Helm's sorter does). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return x ? 1 : y ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || comparePre(x.pre, y.pre);
}

function comparePre(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release is greater than its pre-releases
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareIdentifier(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareIdentifier(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Number(a) - Number(b);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts newest first (Helm's canonical index order). Stable for equal versions. */
export function sortNewestFirst<T extends { readonly version: string }>(list: readonly T[]): T[] {
  return [...list].sort((p, q) => compareVersions(q.version, p.version));
}
