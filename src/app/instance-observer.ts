/**
 * Starts the live-state observer in a worker process (see
 * src/drivers/kubernetes/observer/instance-observer.ts); API processes never run it, so they
 * never open credentials.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { HelmReleasePort } from '../drivers/kubernetes/deploy/helm-release.port';
import { connectKube } from '../drivers/kubernetes/kube-connection';
import { KubernetesDriver } from '../drivers/kubernetes/kubernetes.driver';
import { InstanceObserver } from '../drivers/kubernetes/observer/instance-observer';
import { sqlObservationStore } from '../drivers/kubernetes/observer/observation.store';
import { HELM_FIELD_MANAGER } from '../drivers/kubernetes/helm/field-manager.policy';
import type { Platform } from '../services/platform';
import { CR_GRACE_MS } from './deploy-wiring';

/** Delay between two observation rounds. */
export const OBSERVE_INTERVAL_MS = 15_000;

export function createInstanceObserver(
  orm: MikroORM,
  platform: Platform,
  log: Logger,
  intervalMs = OBSERVE_INTERVAL_MS,
) {
  const driver = new KubernetesDriver({
    connect: connectKube,
    policy: platform.outbound,
    fieldManager: HELM_FIELD_MANAGER,
    crGraceMs: CR_GRACE_MS,
  });
  return new InstanceObserver({
    orm,
    secrets: platform.secrets,
    driver,
    releases: (conn, namespace, name) => new HelmReleasePort(conn, namespace, name),
    store: sqlObservationStore(platform.events),
    logger: log.child({ component: 'instance-observer' }),
    intervalMs,
  });
}
