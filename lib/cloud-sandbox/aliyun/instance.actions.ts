import {
  checkZone,
  matchesFields,
  matchesTags,
  page,
  requireRegion,
  tagList,
  type EcsAction,
  type EcsContext,
} from './ecs.action';
import { ecsError, invalid, missing } from './ecs.errors';
import { shapeOf } from './ecs-instance-types';
import type { EcsInstance, EcsInstanceStatus } from './ecs.state';

/** DescribeInstances: filters InstanceIds (JSON array), ZoneId, Status, VpcId, VSwitchId, InstanceName, Tag.N. */
export const describeInstances: EcsAction = (ctx) => {
  requireRegion(ctx);
  const { params } = ctx;
  const ids = params.jsonList('InstanceIds');
  if (ids && ids.length > 100) throw invalid('InstanceIds', 'has more than 100 ids');
  const zone = params.get('ZoneId');
  checkZone(ctx, zone);
  const tags = params.tags();
  const wanted = (i: EcsInstance): boolean =>
    (!ids || ids.includes(i.id)) &&
    (!zone || i.zoneId === zone) &&
    matchesFields(ctx, { Status: i.status, VpcId: i.vpcId, VSwitchId: i.vSwitchId, InstanceName: i.name }) &&
    matchesTags(i.tags, tags);
  const found = Object.values(ctx.store.state.instances).filter(wanted);
  const { items, fields } = page(ctx, found);
  return { Instances: { Instance: items.map((i) => instanceJson(ctx, i)) }, ...fields };
};

function instanceJson(ctx: EcsContext, i: EcsInstance): Record<string, unknown> {
  return {
    InstanceId: i.id,
    InstanceName: i.name,
    HostName: i.hostName,
    Status: i.status,
    RegionId: ctx.store.placement.region,
    ZoneId: i.zoneId,
    InstanceType: i.instanceType,
    InstanceTypeFamily: i.instanceType.split('.').slice(0, 2).join('.'),
    Cpu: i.cpu,
    Memory: i.memory,
    ImageId: i.imageId,
    OSType: 'linux',
    KeyPairName: i.keyPairName,
    CreationTime: i.creationTime,
    InstanceNetworkType: 'vpc',
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByTraffic',
    StoppedMode: i.status === 'Stopped' ? 'KeepCharging' : 'Not-applicable',
    VpcAttributes: {
      VpcId: i.vpcId,
      VSwitchId: i.vSwitchId,
      PrivateIpAddress: { IpAddress: i.privateIp ? [i.privateIp] : [] },
    },
    PublicIpAddress: { IpAddress: [] },
    InnerIpAddress: { IpAddress: [] },
    Tags: tagList(i.tags),
  };
}

function instanceOf(ctx: EcsContext, id: string): EcsInstance {
  const instance = ctx.store.state.instances[id];
  if (!instance) throw ecsError('InvalidInstanceId.NotFound', `The specified InstanceId ${id} does not exist.`);
  return instance;
}

/** The `InstanceId.N` list of the batch actions (all together: one bad instance fails the call). */
function instancesOf(ctx: EcsContext): EcsInstance[] {
  const ids = ctx.params.list('InstanceId');
  if (ids.length === 0) throw missing('InstanceId.1');
  if (ids.length > 100) throw invalid('InstanceId', 'has more than 100 ids');
  return ids.map((id) => instanceOf(ctx, id));
}

function requireStatus(instances: readonly EcsInstance[], allowed: readonly EcsInstanceStatus[]): void {
  const wrong = instances.find((i) => !allowed.includes(i.status));
  if (wrong)
    throw ecsError(
      'IncorrectInstanceStatus',
      `The current status of instance ${wrong.id} (${wrong.status}) does not support this operation.`,
    );
}

function batchResult(
  instances: readonly EcsInstance[],
  previous: readonly EcsInstanceStatus[],
): Record<string, unknown> {
  return {
    InstanceResponses: {
      InstanceResponse: instances.map((i, n) => ({
        InstanceId: i.id,
        Code: '200',
        Message: 'success',
        PreviousStatus: previous[n],
        CurrentStatus: i.status,
      })),
    },
  };
}

function start(ctx: EcsContext, instances: EcsInstance[]): EcsInstanceStatus[] {
  requireStatus(instances, ['Stopped']);
  const previous = instances.map((i) => i.status);
  for (const i of instances) {
    i.status = 'Starting';
    ctx.lifecycle.boot(i);
  }
  ctx.store.save();
  return previous;
}

function stop(ctx: EcsContext, instances: EcsInstance[]): EcsInstanceStatus[] {
  requireStatus(instances, ['Running']);
  const previous = instances.map((i) => i.status);
  for (const i of instances) ctx.lifecycle.stop(i);
  ctx.store.save();
  return previous;
}

/** Without Force only Stopped instances are released; with Force also Running and Pending ones. */
async function remove(ctx: EcsContext, instances: EcsInstance[]): Promise<void> {
  if (!ctx.params.bool('Force')) requireStatus(instances, ['Stopped']);
  for (const i of instances) await ctx.lifecycle.remove(i);
}

export const startInstance: EcsAction = (ctx) => (start(ctx, [instanceOf(ctx, ctx.params.required('InstanceId'))]), {});
export const stopInstance: EcsAction = (ctx) => (stop(ctx, [instanceOf(ctx, ctx.params.required('InstanceId'))]), {});
export const deleteInstance: EcsAction = async (ctx) => (
  await remove(ctx, [instanceOf(ctx, ctx.params.required('InstanceId'))]),
  {}
);

export const startInstances: EcsAction = (ctx) => {
  requireRegion(ctx);
  const instances = instancesOf(ctx);
  return batchResult(instances, start(ctx, instances));
};

export const stopInstances: EcsAction = (ctx) => {
  requireRegion(ctx);
  const instances = instancesOf(ctx);
  return batchResult(instances, stop(ctx, instances));
};

export const deleteInstances: EcsAction = async (ctx) => {
  requireRegion(ctx);
  await remove(ctx, instancesOf(ctx));
  return {};
};

/** ModifyInstanceSpec: a pay-as-you-go instance changes type only while Stopped. */
export const modifyInstanceSpec: EcsAction = (ctx) => {
  const instance = instanceOf(ctx, ctx.params.required('InstanceId'));
  const instanceType = ctx.params.get('InstanceType');
  if (!instanceType) throw missing('InstanceType');
  requireStatus([instance], ['Stopped']);
  instance.instanceType = instanceType;
  Object.assign(instance, shapeOf(instanceType));
  ctx.store.save();
  return {};
};
