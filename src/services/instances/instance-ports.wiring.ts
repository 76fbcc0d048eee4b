/**
 * The production InstancePorts. The planner is the deploy pipeline's (src/drivers/kubernetes/deploy)
 * and values come from ./values (both land with their own branches of issue 13): until then a
 * deploy plans one `kube.<action>` task, values are checked for shape only and the effective values
 * are the overrides.
 */
import type { VersionPackageService } from '../apps/version-package.service';
import type { InstancePorts } from './instance-ports';

export function createInstancePorts(_packages: VersionPackageService): InstancePorts {
  return {
    plan: (op) => [{ key: op.action, action: `kube.${op.action}`, input: { instanceId: op.instanceId } }],
    checkValues: async () => [],
    effectiveValues: async (_em, _version, overrides) => ({ ...overrides }),
  };
}
