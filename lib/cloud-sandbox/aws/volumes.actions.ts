/**
 * EBS volume actions: CreateVolume (client token), DescribeVolumes, AttachVolume, DetachVolume,
 * DeleteVolume, ModifyVolume (size and type). Volumes are backed by directories of the sandbox,
 * made visible to a VM as the device named at attach time.
 */
import { readClientToken, recordClientToken } from './client-token';
import type { Ec2Action, Ec2Context } from './ec2.context';
import { Ec2Fault, ec2Faults, notFound } from './ec2.errors';
import { newId, type VolumeRecord } from './ec2.model';
import { applyFilters, page, type FilterFields } from './filters';
import type { QueryParams } from './query.parser';
import { attachmentFields, volumeFields } from './resources.xml';
import { itemSet, leaf, node } from './xml.writer';

const TOKEN_SCOPE = 'CreateVolume';
const VOLUME_TYPES = ['standard', 'io1', 'io2', 'gp2', 'gp3', 'sc1', 'st1'];
const DEVICE_NAME = /^(\/dev\/(sd|xvd|hd|vd)[a-z]{1,2}\d*|xvd[a-z]{1,2})$/;

function findVolume(ctx: Ec2Context, id: string): VolumeRecord {
  const volume = ctx.model.state.volumes[id];
  if (!volume) throw notFound.volume(id);
  return volume;
}

function volumeType(params: QueryParams): string {
  const type = params.get('VolumeType') ?? 'gp2';
  if (!VOLUME_TYPES.includes(type)) throw ec2Faults.invalidValue('volumeType', type);
  return type;
}

const createVolume: Ec2Action = (params, ctx) => {
  const token = readClientToken(TOKEN_SCOPE, params, ctx);
  const earlier = token.earlier && ctx.model.state.volumes[token.earlier[0]];
  if (earlier) return volumeFields(ctx.model, earlier);
  const zone = params.required('AvailabilityZone');
  if (!ctx.region.zones.includes(zone))
    throw new Ec2Fault('InvalidParameterValue', `Invalid availability zone: [${zone}]`);
  if (params.get('SnapshotId') !== undefined)
    throw new Ec2Fault('Unsupported', 'Snapshots are not modelled by this EC2 sandbox.');
  const size = params.int('Size', { min: 1, max: 16384 });
  if (size === undefined) throw ec2Faults.missing('Size');
  const type = volumeType(params);
  const limit = ctx.core.quotas.maxVolumes;
  if (ctx.model.liveVolumes().length >= limit)
    throw new Ec2Fault(
      'VolumeLimitExceeded',
      `You have reached the maximum number of volumes (${limit}) in this region.`,
    );
  const volume: VolumeRecord = {
    id: newId('vol'),
    sizeGiB: size,
    zone,
    volumeType: type,
    state: 'creating',
    createTime: new Date().toISOString(),
    clientToken: token.token,
  };
  ctx.model.state.volumes[volume.id] = volume;
  ctx.model.setTags(volume.id, params.tagsFor('volume'));
  recordClientToken(TOKEN_SCOPE, token, [volume.id], ctx);
  ctx.volumes.settle(volume);
  ctx.model.save();
  return volumeFields(ctx.model, volume);
};

const VOLUME_FILTERS: FilterFields<VolumeRecord> = {
  'volume-id': (v) => v.id,
  status: (v) => v.state,
  'availability-zone': (v) => v.zone,
  size: (v) => String(v.sizeGiB),
  'volume-type': (v) => v.volumeType,
  'attachment.instance-id': (v) => v.attachment?.instanceId,
  'attachment.device': (v) => v.attachment?.device,
  'attachment.status': (v) => v.attachment?.state,
};

const describeVolumes: Ec2Action = (params, ctx) => {
  const ids = params.list('VolumeId');
  const candidates = ids.length > 0 ? ids.map((id) => findVolume(ctx, id)) : Object.values(ctx.model.state.volumes);
  const matched = applyFilters(candidates, params.filters(), VOLUME_FILTERS, (v) => ctx.model.tagsOf(v.id));
  const { items, nextToken } = page(matched, params.int('MaxResults', { min: 5, max: 500 }), params.get('NextToken'));
  return [itemSet('volumeSet', items, (v) => volumeFields(ctx.model, v)), leaf('nextToken', nextToken)];
};

function checkAttachable(ctx: Ec2Context, volume: VolumeRecord, instanceId: string, device: string): void {
  const instance = ctx.model.state.instances[instanceId];
  if (!instance) throw notFound.instance(instanceId);
  if (instance.state !== 'running' && instance.state !== 'stopped')
    throw new Ec2Fault('IncorrectInstanceState', `Instance '${instanceId}' is not 'running'.`);
  if (volume.state === 'in-use') throw new Ec2Fault('VolumeInUse', `${volume.id} is already attached to an instance`);
  if (volume.state !== 'available') throw new Ec2Fault('IncorrectState', `${volume.id} is not 'available'.`);
  if (volume.zone !== instance.zone)
    throw new Ec2Fault(
      'InvalidVolume.ZoneMismatch',
      `The volume '${volume.id}' is not in the same availability zone as instance '${instanceId}'`,
    );
  if (!DEVICE_NAME.test(device))
    throw ec2Faults.invalidValue('device', device, `${device} is not a valid EBS device name.`);
  const taken = Object.values(ctx.model.state.volumes).some(
    (v) => v.attachment?.instanceId === instanceId && v.attachment.device === device,
  );
  if (taken)
    throw new Ec2Fault(
      'InvalidParameterValue',
      `Invalid value '${device}' for unixDevice. Attachment point ${device} is already in use`,
    );
}

const attachVolume: Ec2Action = (params, ctx) => {
  const volume = findVolume(ctx, params.required('VolumeId'));
  const instanceId = params.required('InstanceId');
  const device = params.required('Device');
  checkAttachable(ctx, volume, instanceId, device);
  volume.state = 'in-use';
  volume.attachment = { instanceId, device, state: 'attaching', attachTime: new Date().toISOString() };
  ctx.volumes.settle(volume);
  ctx.model.save();
  return attachmentFields(volume.id, volume.attachment);
};

const detachVolume: Ec2Action = (params, ctx) => {
  const volume = findVolume(ctx, params.required('VolumeId'));
  const attachment = volume.attachment;
  if (!attachment) throw new Ec2Fault('IncorrectState', `Volume '${volume.id}' is in the '${volume.state}' state.`);
  const instanceId = params.get('InstanceId');
  if (instanceId !== undefined && instanceId !== attachment.instanceId)
    throw new Ec2Fault('InvalidAttachment.NotFound', `Volume '${volume.id}' is not attached to '${instanceId}'.`);
  if (attachment.state !== 'detaching') {
    attachment.state = 'detaching';
    ctx.volumes.settle(volume);
    ctx.model.save();
  }
  return attachmentFields(volume.id, attachment);
};

const deleteVolume: Ec2Action = (params, ctx) => {
  const volume = findVolume(ctx, params.required('VolumeId'));
  if (volume.attachment)
    throw new Ec2Fault('VolumeInUse', `Volume ${volume.id} is currently attached to ${volume.attachment.instanceId}`);
  if (volume.state === 'creating') throw new Ec2Fault('IncorrectState', `The volume '${volume.id}' is 'creating'.`);
  if (volume.state === 'available') {
    volume.state = 'deleting';
    ctx.volumes.settle(volume);
    ctx.model.save();
  }
  return [leaf('return', true)];
};

const modifyVolume: Ec2Action = (params, ctx) => {
  const volume = findVolume(ctx, params.required('VolumeId'));
  if (volume.state === 'creating' || volume.state === 'deleting')
    throw new Ec2Fault('IncorrectState', `The volume '${volume.id}' is '${volume.state}'.`);
  const size = params.int('Size', { min: 1, max: 16384 });
  if (size !== undefined && size < volume.sizeGiB)
    throw new Ec2Fault('InvalidParameterValue', `New size cannot be smaller than existing size`);
  const original = { size: volume.sizeGiB, type: volume.volumeType };
  const type = params.get('VolumeType') === undefined ? volume.volumeType : volumeType(params);
  Object.assign(volume, { sizeGiB: size ?? volume.sizeGiB, volumeType: type });
  ctx.model.save();
  return [
    node(
      'volumeModification',
      leaf('volumeId', volume.id),
      leaf('modificationState', 'completed'),
      leaf('targetSize', volume.sizeGiB),
      leaf('targetVolumeType', volume.volumeType),
      leaf('originalSize', original.size),
      leaf('originalVolumeType', original.type),
      leaf('progress', 100),
      leaf('startTime', new Date().toISOString()),
    ),
  ];
};

export const VOLUME_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  CreateVolume: createVolume,
  DescribeVolumes: describeVolumes,
  AttachVolume: attachVolume,
  DetachVolume: detachVolume,
  DeleteVolume: deleteVolume,
  ModifyVolume: modifyVolume,
};
