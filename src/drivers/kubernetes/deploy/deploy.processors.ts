/**
 * Registers the Kubernetes deploy pipeline's processors (task actions of ./deploy-tasks.ts) on a
 * job engine. Every processor observes before it acts and converges when run again.
 */
import type { Processor } from '../../../jobs/job.types';
import { KUBE_TASK, type KubeTaskAction } from './deploy-tasks';
import type { DeployPorts } from './deploy-ports';
import { adoptProcessor } from './tasks/adopt.task';
import { applyProcessor } from './tasks/apply.task';
import { hooksProcessor } from './tasks/hooks.task';
import { crdsProcessor, namespaceProcessor } from './tasks/namespace.task';
import { pruneProcessor } from './tasks/prune.task';
import { recordProcessor } from './tasks/record.task';
import { releaseFailedProcessor } from './tasks/release-failed.task';
import { releaseProcessor } from './tasks/release.task';
import { renderProcessor } from './tasks/render.task';
import { scaleProcessor } from './tasks/scale.task';
import { purgeProcessor, uninstallProcessor } from './tasks/uninstall.task';
import { waitProcessor } from './tasks/wait.task';

/** Every deploy processor by task action. */
export function deployProcessors(ports: DeployPorts): Readonly<Record<KubeTaskAction, Processor>> {
  return {
    [KUBE_TASK.namespace]: namespaceProcessor(ports),
    [KUBE_TASK.crds]: crdsProcessor(ports),
    [KUBE_TASK.render]: renderProcessor(ports),
    [KUBE_TASK.release]: releaseProcessor(ports),
    [KUBE_TASK.hooks]: hooksProcessor(ports),
    [KUBE_TASK.apply]: applyProcessor(ports),
    [KUBE_TASK.prune]: pruneProcessor(ports),
    [KUBE_TASK.wait]: waitProcessor(ports),
    [KUBE_TASK.scale]: scaleProcessor(ports),
    [KUBE_TASK.uninstall]: uninstallProcessor(ports),
    [KUBE_TASK.purge]: purgeProcessor(ports),
    [KUBE_TASK.record]: recordProcessor(ports),
    [KUBE_TASK.adopt]: adoptProcessor(ports),
    [KUBE_TASK.markFailed]: releaseFailedProcessor(ports),
  };
}

/** Registers every deploy processor with `register` (e.g. `engine.registerProcessor.bind(engine)`). */
export function registerDeployProcessors(
  register: (action: string, processor: Processor) => void,
  ports: DeployPorts,
): void {
  for (const [action, processor] of Object.entries(deployProcessors(ports))) register(action, processor);
}
