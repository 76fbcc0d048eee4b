import { isValidVersion } from './package-version';

/** Package names usable as file names and repo index keys (Helm's chart-name rule, relaxed to allow upper case). */
export const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_PACKAGE_NAME = 250;

/** Why `name` cannot be a package name, or null. */
export function packageNameProblem(name: string): string | null {
  if (!PACKAGE_NAME.test(name))
    return `"${name}" must start with a letter or digit and use only letters, digits, '.', '_' and '-'`;
  if (name.length > MAX_PACKAGE_NAME) return `name longer than ${MAX_PACKAGE_NAME} characters`;
  return null;
}

/** MAJOR.MINOR.PATCH without leading zeros: what SemVer 2 requires beyond Masterminds' loose parse. */
const FULL_SEMVER = /^v?(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:[-+]|$)/;

/** Why `version` is not a SemVer 2 version (a leading 'v' is tolerated, as Helm does), or null. */
export function versionProblem(version: string): string | null {
  return FULL_SEMVER.test(version) && isValidVersion(version)
    ? null
    : `"${version}" is not a SemVer version (like 1.2.3)`;
}

/** The archive file name a package is stored under in repositories. */
export function packageFileName(name: string, version: string): string {
  return `${name}-${version}.tgz`;
}
