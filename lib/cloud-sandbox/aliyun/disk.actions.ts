import {
  checkZone,
  clientToken,
  matchesFields,
  matchesTags,
  newTags,
  page,
  requireRegion,
  tagList,
  type EcsAction,
  type EcsContext,
} from './ecs.action';
import { ecsError, invalid, missing } from './ecs.errors';
import { ecsId, isoNow, type EcsDisk, type EcsDiskStatus } from './ecs.state';

const TOKEN_SCOPE = 'ecs:CreateDisk';
const CATEGORIES = ['cloud_essd', 'cloud_ssd', 'cloud_efficiency', 'cloud', 'cloud_auto'];

/** CreateDisk: a pay-as-you-go data disk, Creating → Available; ClientToken as for RunInstances. */
export const createDisk: EcsAction = (ctx) => {
  requireRegion(ctx);
  const { params, store, core } = ctx;
  const token = clientToken(ctx, TOKEN_SCOPE);
  if (token.replay) return { DiskId: token.replay[0] };
  const zoneId = params.required('ZoneId');
  checkZone(ctx, zoneId);
  const size = params.int('Size');
  if (size === undefined) throw missing('Size');
  if (size < 1 || size > 32768) throw invalid('Size', 'must be between 1 and 32768');
  const category = params.get('DiskCategory') ?? 'cloud';
  if (!CATEGORIES.includes(category)) throw invalid('DiskCategory');
  const tags = newTags(ctx);
  if (Object.keys(store.state.disks).length >= core.quotas.maxVolumes) throw ecsError('QuotaExceed.DiskCapacity');
  const disk: EcsDisk = {
    id: ecsId('d'),
    name: params.get('DiskName') ?? '',
    status: 'Creating',
    size,
    zoneId,
    category,
    tags,
    creationTime: isoNow(),
  };
  store.state.disks[disk.id] = disk;
  ctx.lifecycle.create(disk);
  store.save();
  token.record([disk.id]);
  return { DiskId: disk.id };
};

/** DescribeDisks: filters DiskIds (JSON array), ZoneId, InstanceId, Status, Tag.N. */
export const describeDisks: EcsAction = (ctx) => {
  requireRegion(ctx);
  const { params } = ctx;
  const ids = params.jsonList('DiskIds');
  const tags = params.tags();
  const found = Object.values(ctx.store.state.disks).filter(
    (d) =>
      (!ids || ids.includes(d.id)) &&
      matchesFields(ctx, { ZoneId: d.zoneId, InstanceId: d.instanceId, Status: d.status }) &&
      matchesTags(d.tags, tags),
  );
  const { items, fields } = page(ctx, found);
  return { Disks: { Disk: items.map((d) => diskJson(ctx, d)) }, ...fields };
};

function diskJson(ctx: EcsContext, d: EcsDisk): Record<string, unknown> {
  const attached = d.instanceId && d.status !== 'Attaching';
  return {
    DiskId: d.id,
    DiskName: d.name,
    Status: d.status,
    Size: d.size,
    Category: d.category,
    Type: 'data',
    RegionId: ctx.store.placement.region,
    ZoneId: d.zoneId,
    InstanceId: d.instanceId ?? '',
    Device: attached ? d.device : '',
    Attachments: { Attachment: attached ? [{ InstanceId: d.instanceId, Device: d.device }] : [] },
    Portable: true,
    DeleteWithInstance: false,
    CreationTime: d.creationTime,
    Tags: tagList(d.tags),
  };
}

function diskOf(ctx: EcsContext): EcsDisk {
  const disk = ctx.store.state.disks[ctx.params.required('DiskId')];
  if (!disk) throw ecsError('InvalidDiskId.NotFound');
  return disk;
}

function requireDiskStatus(disk: EcsDisk, status: EcsDiskStatus): void {
  if (disk.status !== status)
    throw ecsError(
      'IncorrectDiskStatus',
      `The current status of disk ${disk.id} (${disk.status}) does not support this operation.`,
    );
}

/** AttachDisk: an Available disk to a Running or Stopped instance in the same zone. */
export const attachDisk: EcsAction = (ctx) => {
  const disk = diskOf(ctx);
  const instance = ctx.store.state.instances[ctx.params.required('InstanceId')];
  if (!instance) throw ecsError('InvalidInstanceId.NotFound');
  requireDiskStatus(disk, 'Available');
  if (instance.status !== 'Running' && instance.status !== 'Stopped') throw ecsError('IncorrectInstanceStatus');
  if (instance.zoneId !== disk.zoneId) throw invalid('DiskId', 'is not in the zone of the instance');
  ctx.lifecycle.attach(disk, instance.id);
  ctx.store.save();
  return {};
};

export const detachDisk: EcsAction = (ctx) => {
  const disk = diskOf(ctx);
  const instanceId = ctx.params.required('InstanceId');
  if (!ctx.store.state.instances[instanceId]) throw ecsError('InvalidInstanceId.NotFound');
  requireDiskStatus(disk, 'In_use');
  if (disk.instanceId !== instanceId)
    throw ecsError('IncorrectDiskStatus', `Disk ${disk.id} is not attached to ${instanceId}.`);
  ctx.lifecycle.detach(disk);
  ctx.store.save();
  return {};
};

export const deleteDisk: EcsAction = async (ctx) => {
  const disk = diskOf(ctx);
  requireDiskStatus(disk, 'Available');
  ctx.core.transitions.cancel(`ecs:${disk.id}`);
  delete ctx.store.state.disks[disk.id];
  ctx.store.save();
  await ctx.core.hosts.removeVolume?.(disk.id);
  return {};
};

/** ResizeDisk: grows a disk (never shrinks); `Type=online` needs it In_use, offline any settled state. */
export const resizeDisk: EcsAction = (ctx) => {
  const disk = diskOf(ctx);
  const newSize = ctx.params.int('NewSize');
  if (newSize === undefined) throw missing('NewSize');
  if (newSize <= disk.size || newSize > 32768)
    throw invalid('NewSize', `must be larger than the current size ${disk.size} and at most 32768`);
  if (disk.status !== 'Available' && disk.status !== 'In_use') throw ecsError('IncorrectDiskStatus');
  disk.size = newSize;
  ctx.store.save();
  return {};
};
