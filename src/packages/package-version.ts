/**
 * Package versions as Helm and OpenPitrix order them, over go-runtime's Masterminds semver (the
 * one semver implementation): an optional leading 'v', one to three numeric parts (missing parts
 * are 0, leading zeros accepted: "0.46.00" is 0.46.0), optional pre-release and build metadata;
 * build metadata does not affect order.
 */
import { compareSemver, parseSemver, SemverError, type Semver } from '@marina/go-runtime';

const cache = new Map<string, Semver | null>();

/** The parsed version, or null when Masterminds rejects it. */
export function parseVersion(v: string): Semver | null {
  let parsed = cache.get(v);
  if (parsed !== undefined) return parsed;
  try {
    parsed = parseSemver(v);
  } catch (err) {
    if (!(err instanceof SemverError)) throw err;
    parsed = null;
  }
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
  return compareSemver(x, y);
}

/** Sorts newest first (Helm's canonical index order). Stable for equal versions. */
export function sortNewestFirst<T extends { readonly version: string }>(list: readonly T[]): T[] {
  return [...list].sort((p, q) => compareVersions(q.version, p.version));
}
