/** Instance names are Helm release names: the rule Helm applies (`helm install` refuses anything else). */
import type { FieldProblem } from '../errors';

/** Helm's release name limit (pkg/chartutil: releaseNameMaxLen). */
export const RELEASE_NAME_MAX = 53;
/** A DNS-1123 subdomain: lower-case alphanumerics and '-', dot-separated labels. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The problem with `name` as a Helm release name, or undefined when it is valid. */
export function releaseNameProblem(name: string): FieldProblem | undefined {
  if (name.length === 0 || name.length > RELEASE_NAME_MAX)
    return { path: 'name', message: `must be 1..${RELEASE_NAME_MAX} characters (a Helm release name)` };
  if (!RELEASE_NAME.test(name))
    return {
      path: 'name',
      message: 'must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
    };
  return undefined;
}
