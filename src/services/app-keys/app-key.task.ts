/**
 * The worker side of per-instance identity: `kube.appkey` makes the Secret `<instance>-appkey`
 * in the instance's namespace match its row — APP_KEY and APP_SECRET (opened from the sealed
 * copy here, in the worker) while it has a pair, removed once revoked. It reads the row when it
 * runs, so jobs of several rotations converge on the latest pair.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeployPorts } from '../../drivers/kubernetes/deploy/deploy-ports';
import { InstanceStatus, Provider, TransitionStatus } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { Runtime } from '../../entities/runtime.entity';
import { DriverError } from '../../jobs/errors';
import { done, type Processor } from '../../jobs/job.types';
import type { SecretBox } from '../secrets/secret-box';
import { appKeySecretName, appSecretAad } from './app-secret';

export const APP_KEY_TASK_ACTION = 'kube.appkey';

/**
 * Whether the instance's workloads exist or are being made again: the Secret lives with them —
 * removed by delete and cease, written again by recover.
 */
function hasWorkloads(instance: Instance): boolean {
  if (instance.transitionStatus === TransitionStatus.RECOVERING) return true;
  if (instance.transitionStatus === TransitionStatus.DELETING || instance.transitionStatus === TransitionStatus.CEASING)
    return false;
  return instance.status !== InstanceStatus.DELETED && instance.status !== InstanceStatus.CEASED;
}

export function appKeyProcessor(ports: DeployPorts, secrets: SecretBox): Processor {
  return async (ctx) => {
    const instanceId = (ctx.task.input as { instanceId?: unknown } | null)?.instanceId;
    if (typeof instanceId !== 'string') throw new DriverError('BAD_TASK_INPUT', 'kube.appkey needs instanceId', false);
    const em = (ctx.em as unknown as EntityManager).fork();
    const instance = await em.findOneOrFail(Instance, instanceId, { populate: ['appSecretCiphertext'], refresh: true });
    const runtime = await em.findOneOrFail(Runtime, instance.runtime.id);
    // VM nodes have no Secrets: their services read the pair from the cluster env (not yet written).
    if (runtime.provider !== Provider.KUBERNETES) return done({ state: 'not-kubernetes' });
    const namespace = runtime.namespace ?? 'default';
    const ref = { apiVersion: 'v1', kind: 'Secret', name: appKeySecretName(instance.name), namespace };
    const conn = await ports.connect(em, runtime.id);
    try {
      if (!instance.appKey || !instance.appSecretCiphertext || !hasWorkloads(instance)) {
        return done({ secret: ref.name, state: await conn.remove(ref, 'Background') });
      }
      const appSecret = secrets.open(instance.appSecretCiphertext, appSecretAad(instance.id));
      await conn.ensureNamespace(namespace, {});
      await conn.apply(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: ref.name,
            namespace,
            labels: {
              'app.kubernetes.io/managed-by': 'marina',
              'app.kubernetes.io/instance': instance.name,
              'marina.io/instance': instance.id,
            },
          },
          type: 'Opaque',
          data: {
            APP_KEY: Buffer.from(instance.appKey).toString('base64'),
            APP_SECRET: Buffer.from(appSecret).toString('base64'),
          },
        },
        namespace,
        { fieldManager: 'marina-appkey', force: true },
      );
      return done({ secret: ref.name, state: 'written' });
    } finally {
      conn.close();
    }
  };
}
