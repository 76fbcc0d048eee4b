/**
 * Helm's semver checks over go-runtime's Masterminds semver: `semver.NewVersion` for chart versions
 * and `chartutil.IsCompatibleRange` for dependency and kubeVersion ranges.
 */
import { checkConstraint, parseSemver, SemverError } from '@marina/go-runtime';

/** Masterminds `NewVersion(v) == nil`. */
export function isValidSemver(v: string): boolean {
  try {
    parseSemver(v);
    return true;
  } catch (err) {
    if (err instanceof SemverError) return false;
    throw err;
  }
}

/** Helm's `IsCompatibleRange(constraint, version)`: false when either does not parse. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return checkConstraint(constraint, parseSemver(version));
  } catch (err) {
    if (err instanceof SemverError) return false;
    throw err;
  }
}
