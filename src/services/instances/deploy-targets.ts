/**
 * Which app types deploy to which runtime providers: the one table every deploy-like operation
 * (deploy, upgrade, preview) consults. A type is added here when its pipeline lands.
 */
import { AppType, Provider } from '../../entities/enums';
import type { AppVersion } from '../../entities/app-version.entity';
import type { Runtime } from '../../entities/runtime.entity';
import { ValidationFailure } from '../errors';

export const DEPLOY_TARGETS: Readonly<Record<AppType, readonly Provider[]>> = {
  [AppType.HELM]: [Provider.KUBERNETES],
  [AppType.TEMPLATE]: [Provider.KUBERNETES],
  [AppType.COMPOSED]: [Provider.KUBERNETES],
  [AppType.VM]: [Provider.QINGCLOUD, Provider.AWS, Provider.ALIYUN],
};

/** A readable refusal when `version` cannot deploy to `runtime`; undefined when it can. */
export function deployTargetProblem(version: AppVersion, runtime: Runtime): ValidationFailure | undefined {
  const providers = DEPLOY_TARGETS[version.type];
  if (providers.includes(runtime.provider)) return undefined;
  const message = providers.length
    ? `Version ${version.name} is a ${version.type} package: it deploys to ${providers.join(' or ')} runtimes, and runtime "${runtime.name}" is ${runtime.provider}`
    : `Version ${version.name} is a ${version.type} package: ${version.type} packages do not deploy yet`;
  return new ValidationFailure(message, [{ path: 'runtimeId', message }]);
}
