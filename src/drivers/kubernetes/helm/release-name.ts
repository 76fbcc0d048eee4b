/**
 * Helm's release-name rule (chartutil.ValidateReleaseName, helm 3.17 and 4.1): 1–53 characters of
 * DNS-1123 subdomain syntax. The 53 leaves charts 10 characters for suffixes on 63-character names.
 */

/** Helm's pattern for release and metadata names. */
export const RELEASE_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_RELEASE_NAME_LENGTH = 53;

/** Null when `name` is a valid release name, otherwise Helm's reason. */
export function releaseNameProblem(name: string): string | null {
  if (name === '') return 'no name provided';
  if (name.length > MAX_RELEASE_NAME_LENGTH || !RELEASE_NAME_PATTERN.test(name))
    return `invalid release name, must match regex ${RELEASE_NAME_PATTERN.source} and the length must not be longer than 53`;
  return null;
}

/** The storage Secret's name for revision `version` of `name`. */
export function releaseSecretName(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}
