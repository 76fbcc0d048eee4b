import {
  lookupAll,
  matchesSearch,
  matchesStatus,
  matchesTagFilter,
  tagsJson,
  targetZone,
  type QcAction,
  type QcContext,
} from './qc.action';
import { qcErrors } from './qingcloud.errors';
import { qcId, qcNow, type QcVolume, type QcVolumeStatus } from './qingcloud.state';

/** Volume sizes are whole multiples of 10 GiB, at least 10. */
function size(ctx: QcContext, name = 'size'): number {
  const value = ctx.params.int(name);
  if (value === undefined) throw qcErrors.missing(name);
  if (value < 10 || value % 10 !== 0 || value > 5000)
    throw qcErrors.invalid(name, 'should be a multiple of 10 between 10 and 5000');
  return value;
}

/** CreateVolumes: `count` volumes of `size` GiB, pending → available. */
export const createVolumes: QcAction = (ctx) => {
  const { params, store, core } = ctx;
  const zone = targetZone(ctx);
  const gib = size(ctx);
  const count = params.int('count', 1) ?? 1;
  if (count < 1 || count > 100) throw qcErrors.invalid('count');
  const volumeType = params.int('volume_type', 0) ?? 0;
  const alive = Object.values(store.state.volumes).filter(
    (v) => v.status !== 'deleted' && v.status !== 'ceased',
  ).length;
  if (alive + count > core.quotas.maxVolumes) throw qcErrors.quota('volume');
  const volumes: QcVolume[] = Array.from({ length: count }, () => {
    const now = qcNow();
    return {
      id: qcId('vol'),
      name: params.get('volume_name') ?? '',
      status: 'pending',
      transition: 'creating',
      size: gib,
      zone,
      volumeType,
      createTime: now,
      statusTime: now,
    };
  });
  const job = ctx.lifecycle.job(
    'CreateVolumes',
    volumes.map((v) => v.id),
  );
  for (const v of volumes) {
    store.state.volumes[v.id] = v;
    ctx.lifecycle.create(v, job);
  }
  store.save();
  return { volumes: volumes.map((v) => v.id), job_id: job.id };
};

/** DescribeVolumes: volumes.n, instance_id, status.n, tags.n, search_word; ceased ones are gone. */
export const describeVolumes: QcAction = (ctx) => {
  const { params, store } = ctx;
  const ids = params.list('volumes');
  const instanceId = params.get('instance_id');
  const found = Object.values(store.state.volumes).filter(
    (v) =>
      v.status !== 'ceased' &&
      ctx.zones.includes(v.zone) &&
      (ids.length === 0 || ids.includes(v.id)) &&
      (!instanceId || v.instanceId === instanceId) &&
      matchesStatus(ctx, v.status) &&
      matchesTagFilter(ctx, v.id) &&
      matchesSearch(ctx, v.id, v.name),
  );
  const { items, total_count } = params.page(found);
  return { volume_set: items.map((v) => volumeJson(ctx, v)), total_count };
};

function volumeJson(ctx: QcContext, v: QcVolume): Record<string, unknown> {
  const instance = v.instanceId ? ctx.store.state.instances[v.instanceId] : undefined;
  return {
    volume_id: v.id,
    volume_name: v.name,
    description: '',
    size: v.size,
    status: v.status,
    transition_status: v.transition,
    volume_type: v.volumeType,
    instance: {
      instance_id: v.instanceId ?? '',
      instance_name: instance?.name ?? '',
      device: v.status === 'in-use' ? (v.device ?? '') : '',
    },
    tags: tagsJson(ctx.store.tagsOf(v.id)),
    create_time: v.createTime,
    status_time: v.statusTime,
    zone_id: v.zone,
  };
}

function volumesOf(ctx: QcContext, allowed: QcVolumeStatus): QcVolume[] {
  const volumes = lookupAll(ctx.params.requiredList('volumes'), ctx.store.state.volumes);
  const wrong = volumes.find((v) => v.status !== allowed || v.transition !== '');
  if (wrong) throw qcErrors.badState(wrong.id, wrong.transition || wrong.status);
  return volumes;
}

/** AttachVolumes: available volumes to a running or stopped instance of the same zone. */
export const attachVolumes: QcAction = (ctx) => {
  const volumes = volumesOf(ctx, 'available');
  const [instance] = lookupAll([ctx.params.required('instance')], ctx.store.state.instances);
  if ((instance.status !== 'running' && instance.status !== 'stopped') || instance.transition !== '')
    throw qcErrors.badState(instance.id, instance.transition || instance.status);
  const elsewhere = volumes.find((v) => v.zone !== instance.zone);
  if (elsewhere) throw qcErrors.invalid('volumes', `[${elsewhere.id}] is not in the zone of instance [${instance.id}]`);
  const job = ctx.lifecycle.job(
    'AttachVolumes',
    volumes.map((v) => v.id),
  );
  for (const v of volumes) ctx.lifecycle.attach(v, instance.id, job);
  ctx.store.save();
  return { job_id: job.id };
};

export const detachVolumes: QcAction = (ctx) => {
  const volumes = volumesOf(ctx, 'in-use');
  const instanceId = ctx.params.required('instance');
  lookupAll([instanceId], ctx.store.state.instances);
  const other = volumes.find((v) => v.instanceId !== instanceId);
  if (other) throw qcErrors.invalid('volumes', `[${other.id}] is not attached to instance [${instanceId}]`);
  const job = ctx.lifecycle.job(
    'DetachVolumes',
    volumes.map((v) => v.id),
  );
  for (const v of volumes) ctx.lifecycle.detach(v, job);
  ctx.store.save();
  return { job_id: job.id };
};

export const deleteVolumes: QcAction = (ctx) => {
  const volumes = volumesOf(ctx, 'available');
  const job = ctx.lifecycle.job(
    'DeleteVolumes',
    volumes.map((v) => v.id),
  );
  for (const v of volumes) ctx.lifecycle.remove(v, job);
  ctx.store.save();
  return { job_id: job.id };
};

/** ResizeVolumes: grows detached (available) volumes to `size` GiB. */
export const resizeVolumes: QcAction = (ctx) => {
  const volumes = volumesOf(ctx, 'available');
  const gib = size(ctx);
  const smaller = volumes.find((v) => v.size >= gib);
  if (smaller) throw qcErrors.invalid('size', `should be larger than the current size of [${smaller.id}]`);
  for (const v of volumes) Object.assign(v, { size: gib, statusTime: qcNow() });
  const job = ctx.lifecycle.doneJob(
    'ResizeVolumes',
    volumes.map((r) => r.id),
  );
  ctx.store.save();
  return { job_id: job.id };
};
