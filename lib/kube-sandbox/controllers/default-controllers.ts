import type { Controller } from './controller.types';
import { CrdController } from './crd.controller';
import { CronJobController } from './cronjob.controller';
import { DaemonSetController } from './daemonset.controller';
import { DeploymentController } from './deployment.controller';
import { EndpointsController } from './endpoints.controller';
import { GarbageCollectorController } from './garbage-collector.controller';
import { JobController } from './job.controller';
import { KubeletController } from './kubelet.controller';
import { NamespaceController } from './namespace.controller';
import { QuotaController } from './quota.controller';
import { ReplicaSetController } from './replicaset.controller';
import { LoadBalancerController } from './service.controller';
import { StatefulSetController } from './statefulset.controller';
import { VolumeController } from './volume.controller';

/** The controllers every sandbox cluster runs (each independent; order does not matter). */
export function defaultControllers(): Controller[] {
  return [
    new NamespaceController(),
    new GarbageCollectorController(),
    new CrdController(),
    new DeploymentController(),
    new ReplicaSetController(),
    new StatefulSetController(),
    new DaemonSetController(),
    new JobController(),
    new CronJobController(),
    new KubeletController(),
    new VolumeController(),
    new LoadBalancerController(),
    new EndpointsController(),
    new QuotaController(),
  ];
}
