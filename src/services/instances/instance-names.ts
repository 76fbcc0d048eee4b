/** Instance names on Kubernetes are Helm release names: Helm's own rule (src/drivers/kubernetes/helm/release-name). */
import { releaseNameProblem as helmReleaseNameProblem } from '../../drivers/kubernetes/helm/release-name';
import type { FieldProblem } from '../errors';

export { MAX_RELEASE_NAME_LENGTH as RELEASE_NAME_MAX } from '../../drivers/kubernetes/helm/release-name';

/** The problem with `name` as an instance (Helm release) name, or undefined when it is valid. */
export function releaseNameProblem(name: string): FieldProblem | undefined {
  const problem = helmReleaseNameProblem(name);
  return problem === null ? undefined : { path: 'name', message: problem };
}
