/**
 * `scale`: stop and start. Down: each Deployment/StatefulSet/ReplicaSet of the release with
 * replicas > 0 first records its count in the annotation `marina.io/stopped-replicas`, then is
 * scaled to 0 (a re-run sees 0 replicas and the annotation, and keeps the recorded count). Up:
 * each is scaled back to its recorded count (1 when none was recorded). The result is
 * `{ replicas: { "Deployment/web": 3 } }`.
 */
import { done, type Processor } from '../../../../jobs/job.types';
import type { KubeConnection } from '../../kube-connection.types';
import type { KubeObject, ObjectRef } from '../../kube-object.types';
import type { ScaleDirection } from '../deploy-tasks';
import type { DeployPorts } from '../deploy-ports';
import { inputOf, withKube } from '../task-context';
import { releasedRefs } from './wait.task';

export const STOPPED_REPLICAS_ANNOTATION = 'marina.io/stopped-replicas';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

export function scaleProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const direction = inputOf<ScaleDirection>(ctx, 'direction', ['down', 'up']);
    return withKube(ports, ctx, async (scope) => {
      const refs = (await releasedRefs(scope)).filter((r) => SCALABLE.has(r.kind));
      const replicas: Record<string, number> = {};
      for (const ref of refs) {
        const live = await scope.conn.get(ref);
        if (!live) continue;
        const count =
          direction === 'down' ? await scaleDown(scope.conn, ref, live) : await scaleUp(scope.conn, ref, live);
        replicas[`${ref.kind}/${ref.name}`] = count;
      }
      await ctx.emit({
        kind: direction === 'down' ? 'instance.stopping' : 'instance.starting',
        message: Object.entries(replicas)
          .map(([k, n]) => `${k} → ${direction === 'down' ? 0 : n}`)
          .join(', '),
      });
      return done({ replicas });
    });
  };
}

/** Records the count (unless already at 0) and scales to 0; returns the recorded count. */
async function scaleDown(conn: KubeConnection, ref: ObjectRef, live: KubeObject): Promise<number> {
  const current = replicasOf(live);
  if (current === 0) return recordedOf(live) ?? 0;
  await conn.replace({
    ...live,
    metadata: {
      ...live.metadata,
      annotations: { ...live.metadata.annotations, [STOPPED_REPLICAS_ANNOTATION]: String(current) },
    },
  });
  await conn.scale(ref, 0);
  return current;
}

async function scaleUp(conn: KubeConnection, ref: ObjectRef, live: KubeObject): Promise<number> {
  const target = recordedOf(live) ?? Math.max(replicasOf(live), 1);
  if (replicasOf(live) !== target) await conn.scale(ref, target);
  return target;
}

function replicasOf(obj: KubeObject): number {
  const r = (obj.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
}

function recordedOf(obj: KubeObject): number | null {
  const text = obj.metadata.annotations?.[STOPPED_REPLICAS_ANNOTATION];
  const n = text === undefined ? NaN : Number(text);
  return Number.isInteger(n) && n >= 0 ? n : null;
}
