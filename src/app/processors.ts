import type { JobEngine } from '../jobs/job.engine';
import { createDeployPorts, registerDeployPipeline } from './deploy-wiring';
import { createVmPorts, registerVmPipeline } from './vm-wiring';
import type { Services } from '../server/services';
import { READ_RELEASE_TASK_ACTION } from '../services/instances/instance-adopt';
import { PREVIEW_TASK_ACTION } from '../services/instances/instance-preview';
import { previewProcessor, readReleaseProcessor } from '../services/instances/instance-preview.processor';
import { RESOURCES_TASK_ACTION, resourcesProcessor } from '../services/runtime-resources/resource-task';
import { APP_KEY_TASK_ACTION, appKeyProcessor } from '../services/app-keys/app-key.task';
import { DRY_RUN_TASK_ACTION, dryRunProcessor } from '../services/instances/yaml/yaml-dry-run.processor';
import { REPO_SYNC_ACTION } from '../services/repos/repo-sync.enqueue';
import { repoSyncProcessor } from '../services/repos/repo-sync.processor';
import { REPO_PUBLISH_ACTION } from '../services/repos/repo-publish';
import { repoPublishProcessor } from '../services/repos/repo-publish.processor';
import { registerOrphanProcessors } from '../drivers/vm/orphans/orphan.wiring';
import { WEBHOOK_DELIVERY_ACTION, webhookDeliveryProcessor } from '../services/notifications/webhook-delivery';

/** Registers one feature's task processors (repo sync, deploy steps, …). */
export type ProcessorRegistration = (engine: JobEngine, services: Services) => void;

/** Every feature's registration; tests register their own test-only actions on the engine directly. */
const REGISTRATIONS: readonly ProcessorRegistration[] = [
  (engine, services) => engine.registerProcessor(REPO_SYNC_ACTION, repoSyncProcessor(services.platform)),
  (engine, services) => engine.registerProcessor(REPO_PUBLISH_ACTION, repoPublishProcessor(services.platform)),
  (engine, services) => registerDeployPipeline(engine, createDeployPorts(services.platform, services.packages)),
  (engine, services) => registerVmPipeline(engine, createVmPorts(services.platform)),
  (engine, services) => {
    const ports = createDeployPorts(services.platform, services.packages);
    engine.registerProcessor(PREVIEW_TASK_ACTION, previewProcessor(ports));
    engine.registerProcessor(READ_RELEASE_TASK_ACTION, readReleaseProcessor(ports));
    engine.registerProcessor(RESOURCES_TASK_ACTION, resourcesProcessor(ports));
    engine.registerProcessor(APP_KEY_TASK_ACTION, appKeyProcessor(ports, services.platform.secrets));
    engine.registerProcessor(DRY_RUN_TASK_ACTION, dryRunProcessor(ports));
  },
  (engine, services) =>
    engine.registerProcessor(
      WEBHOOK_DELIVERY_ACTION,
      webhookDeliveryProcessor(services.webhook, services.platform.outbound),
    ),
  (engine, services) => registerOrphanProcessors(engine, services.platform),
];

export function registerProductProcessors(engine: JobEngine, services: Services): void {
  for (const register of REGISTRATIONS) register(engine, services);
}
