/**
 * `frontgate`: the owner's frontgate for the cluster's subnet runs and its etcd answers. The
 * record (one per owner, runtime and subnet) is claimed in the database with a token, so every
 * job asking for it at once runs the same RunInstances token and the cloud creates one node; a
 * node that is gone (terminated outside Marina) is replaced, a stopped one started. Before every
 * operation etcd is health-checked over SSH and started when down (an event says so).
 * `reuseOnly` (delete, cease) never creates one: without a frontgate the result is null.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../../jobs/errors';
import { done, reschedule, type Processor, type TaskContext } from '../../../../jobs/job.types';
import { IaasError, type IaasNode } from '../../../iaas/iaas.types';
import type { FrontgateKey, FrontgateRecord, VmPorts } from '../vm-ports';
import {
  hostOf,
  TAG,
  tokenOf,
  untilReachable,
  waitedMs,
  withCloud,
  withSession,
  type FrontgateResult,
  type VmScope,
} from '../vm-context';

export function frontgateProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async (scope) => {
      const reuseOnly = ctx.task.input?.reuseOnly === true;
      const key: FrontgateKey = {
        ownerId: scope.vm.ownerId,
        runtimeId: scope.op.runtimeId,
        subnetId: scope.vm.subnetId,
      };
      const rec = reuseOnly
        ? await ports.frontgates.find(scope.em, key)
        : await ports.frontgates.claim(scope.em, key, tokenOf(ctx));
      const none: FrontgateResult = { frontgate: null, etcdEndpoints: [] };
      if (!rec) return done({ ...none });
      const node = await nodeOf(ports, ctx, scope, rec, reuseOnly);
      if (node === null) return done({ ...none });
      if (node.state !== 'RUNNING' || !node.privateIp) {
        if (node.state === 'STOPPED') await scope.client.startInstances([node.id]);
        const { since, waited } = waitedMs(ctx);
        if (waited > scope.op.timeoutMs)
          throw new DriverError('VM_FRONTGATE_TIMEOUT', `frontgate ${node.id} still ${node.rawState}`, false);
        return reschedule(ports.pollMs, { since, instanceId: node.id });
      }
      if (node.privateIp !== rec.privateIp)
        await ports.frontgates.setNode(scope.em, rec.id, { instanceId: node.id, privateIp: node.privateIp });
      const host = { instanceId: node.id, ip: node.privateIp, sshPort: rec.sshPort };
      return untilReachable(ctx, scope.op.timeoutMs, ports.pollMs, () =>
        withSession(ports, ctx, scope, host, async (session) => {
          const etcd = await ports.agent.frontgate.ensureEtcd(session, hostOf(host));
          if (etcd.restarted) {
            await ctx.log(`frontgate ${node.id}: etcd was down and was started`);
            await ctx.emit({ kind: 'instance.frontgate', message: `etcd on frontgate ${node.id} was down: restarted` });
          }
          if (!reuseOnly) await ports.frontgates.attach(scope.em, rec.id, scope.vm.clusterId);
          const result: FrontgateResult = {
            frontgate: { id: rec.id, ...host },
            etcdEndpoints: etcd.endpoints,
          };
          return done({ ...result });
        }),
      );
    });
}

/** The frontgate's node, created when it has none (null: none and `reuseOnly`). */
async function nodeOf(
  ports: VmPorts,
  ctx: TaskContext,
  { em, vm, client }: VmScope,
  rec: FrontgateRecord,
  reuseOnly: boolean,
): Promise<IaasNode | null> {
  if (rec.instanceId) {
    const [node] = await client.describeInstances({ ids: [rec.instanceId] }).catch((err: unknown) => {
      if (err instanceof IaasError && err.code === 'NOT_FOUND') return [];
      throw err;
    });
    if (node && node.state !== 'TERMINATED' && node.state !== 'TERMINATING') return node;
    if (reuseOnly) return null;
    await ctx.log(`frontgate ${rec.instanceId} is gone: creating another`);
    await ports.frontgates.setNode(em, rec.id, {
      instanceId: null,
      privateIp: null,
      token: tokenOf(ctx, rec.instanceId),
    });
    return nodeOf(
      ports,
      ctx,
      { em, vm, client } as VmScope,
      { ...rec, instanceId: null, token: tokenOf(ctx, rec.instanceId) },
      reuseOnly,
    );
  }
  const tags = {
    [TAG.instance]: `frontgate-${rec.id}`,
    [TAG.task]: rec.id,
    [TAG.frontgate]: rec.id,
    [TAG.role]: 'frontgate',
  };
  const tagged = (await client.describeInstances({ tags: { [TAG.frontgate]: rec.id } })).find(
    (n) => n.state !== 'TERMINATED' && n.state !== 'TERMINATING',
  );
  const found = tagged ?? (await client.findInstanceByToken(rec.token, tags));
  if (found && found.state !== 'TERMINATED') {
    await ports.frontgates.setNode(em, rec.id, { instanceId: found.id, privateIp: found.privateIp ?? null });
    return found;
  }
  if (reuseOnly) return null;
  const { keyPairId } = await ports.keys.login(em, vm.ownerId, rec.runtimeId);
  const spec = ports.frontgateSpec;
  await ctx.log(`RunInstances frontgate for subnet "${rec.subnetId || 'default'}"`);
  const node = await client.runInstance({
    token: rec.token,
    name: `marina-frontgate-${rec.id.slice(0, 8)}`,
    zone: vm.zone,
    imageId: spec.imageId ?? vm.roles[0]?.imageId ?? '',
    cpu: spec.cpu,
    memoryMiB: spec.memoryMiB,
    ...(rec.subnetId ? { subnetId: rec.subnetId } : {}),
    keyPairId,
    tags,
  });
  await ports.frontgates.setNode(em, rec.id, { instanceId: node.id, privateIp: node.privateIp ?? null });
  await ctx.emit({ kind: 'instance.frontgate', message: `frontgate ${node.id} created` });
  return node;
}
