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
import { qcId, qcNow, type QcInstance, type QcInstanceStatus, type QcInstanceTransition } from './qingcloud.state';

/** vCPU and memory (MiB) from `cpu`/`memory`, or from an instance type named `c<cpu>m<GiB>` (others: 1 vCPU, 1 GiB). */
function shape(ctx: QcContext): { instanceType: string; cpu: number; memory: number } {
  const { params } = ctx;
  const cpu = params.int('cpu');
  const memory = params.int('memory');
  const instanceType = params.get('instance_type');
  if (cpu !== undefined && memory !== undefined) {
    if (![1, 2, 4, 8, 12, 16, 24, 32, 64].includes(cpu)) throw qcErrors.invalid('cpu');
    if (memory < 512 || memory % 512 !== 0) throw qcErrors.invalid('memory', 'should be a multiple of 512 MiB');
    return { instanceType: instanceType ?? `c${cpu}m${memory / 1024}`, cpu, memory };
  }
  if (!instanceType) throw qcErrors.missing('instance_type');
  const m = /^c(\d+)m(\d+)$/.exec(instanceType);
  return { instanceType, cpu: m ? Number(m[1]) : 1, memory: m ? Number(m[2]) * 1024 : 1024 };
}

/**
 * RunInstances: `count` instances, pending until the boot delay has passed. Login is by key pair
 * (`login_mode=keypair`, `login_keypair`): its public key logs in as root. Password login is
 * accepted but the VM's sshd takes keys only. QingCloud has no client token.
 */
export const runInstances: QcAction = (ctx) => {
  const { params, store, core } = ctx;
  const zone = targetZone(ctx);
  const imageId = params.required('image_id');
  const { instanceType, cpu, memory } = shape(ctx);
  const count = params.int('count', 1) ?? 1;
  if (count < 1 || count > 100) throw qcErrors.invalid('count');
  const keypairIds = loginKeys(ctx);
  const vxnetId = params.list('vxnets')[0]?.split('|')[0] ?? Object.keys(store.state.vxnets)[0];
  if (!store.state.vxnets[vxnetId]) throw qcErrors.notFound(vxnetId);
  if (!core.acceptImage(imageId)) throw qcErrors.notFound(imageId);
  const alive = Object.values(store.state.instances).filter(
    (i) => i.status !== 'terminated' && i.status !== 'ceased',
  ).length;
  if (alive + count > core.quotas.maxInstances) throw qcErrors.quota('instance');

  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = qcId('i');
    const now = qcNow();
    store.state.instances[id] = {
      id,
      name: params.get('instance_name') ?? '',
      hostname: params.get('hostname') ?? id,
      status: 'pending',
      transition: 'creating',
      zone,
      instanceType,
      cpu,
      memory,
      imageId,
      vxnetId,
      keypairIds,
      createTime: now,
      statusTime: now,
    };
    ids.push(id);
  }
  const job = ctx.lifecycle.job('RunInstances', ids);
  for (const id of ids) ctx.lifecycle.boot(store.state.instances[id], job);
  store.save();
  return { instances: ids, job_id: job.id };
};

function loginKeys(ctx: QcContext): string[] {
  const mode = ctx.params.required('login_mode');
  if (mode === 'passwd') {
    ctx.params.required('login_passwd');
    return [];
  }
  if (mode !== 'keypair') throw qcErrors.invalid('login_mode', 'should be keypair or passwd');
  const ids = ctx.params.required('login_keypair').split(',');
  lookupAll(ids, ctx.store.state.keyPairs);
  return ids;
}

/** DescribeInstances: instances.n, status.n, tags.n, image_id.n, instance_type.n, search_word; ceased ones are gone. */
export const describeInstances: QcAction = (ctx) => {
  const { params, store } = ctx;
  const ids = params.list('instances');
  const images = params.list('image_id');
  const types = params.list('instance_type');
  const found = Object.values(store.state.instances).filter(
    (i) =>
      i.status !== 'ceased' &&
      ctx.zones.includes(i.zone) &&
      (ids.length === 0 || ids.includes(i.id)) &&
      (images.length === 0 || images.includes(i.imageId)) &&
      (types.length === 0 || types.includes(i.instanceType)) &&
      matchesStatus(ctx, i.status) &&
      matchesTagFilter(ctx, i.id) &&
      matchesSearch(ctx, i.id, i.name),
  );
  const { items, total_count } = params.page(found);
  return { instance_set: items.map((i) => instanceJson(ctx, i)), total_count };
};

function instanceJson(ctx: QcContext, i: QcInstance): Record<string, unknown> {
  const vxnet = ctx.store.state.vxnets[i.vxnetId];
  return {
    instance_id: i.id,
    instance_name: i.name,
    description: '',
    status: i.status,
    transition_status: i.transition,
    instance_type: i.instanceType,
    vcpus_current: i.cpu,
    memory_current: i.memory,
    image: {
      image_id: i.imageId,
      image_name: i.imageId,
      os_family: 'linux',
      platform: 'linux',
      processor_type: '64bit',
    },
    vxnets: [
      {
        vxnet_id: i.vxnetId,
        vxnet_name: vxnet?.name ?? '',
        vxnet_type: 1,
        nic_id: nicId(i.id),
        private_ip: i.privateIp ?? '',
      },
    ],
    keypair_ids: i.keypairIds,
    tags: tagsJson(ctx.store.tagsOf(i.id)),
    create_time: i.createTime,
    status_time: i.statusTime,
    zone_id: i.zone,
  };
}

/** A stable, MAC-looking NIC id per instance. */
function nicId(instanceId: string): string {
  const hex = Buffer.from(instanceId.slice(2)).toString('hex').padEnd(8, '0').slice(0, 8);
  return `52:54:${hex.match(/../g)?.join(':')}`;
}

/** The `instances.n` of a batch action; one in the wrong status, or busy, fails the call (1400). */
function instancesOf(
  ctx: QcContext,
  allowed: readonly QcInstanceStatus[],
  busyAllowed: readonly QcInstanceTransition[] = [''],
): QcInstance[] {
  const instances = lookupAll(ctx.params.requiredList('instances'), ctx.store.state.instances);
  const wrong = instances.find((i) => !allowed.includes(i.status) || !busyAllowed.includes(i.transition));
  if (wrong) throw qcErrors.badState(wrong.id, wrong.transition || wrong.status);
  return instances;
}

export const startInstances: QcAction = (ctx) => {
  const instances = instancesOf(ctx, ['stopped']);
  const job = ctx.lifecycle.job(
    'StartInstances',
    instances.map((i) => i.id),
  );
  for (const i of instances) {
    i.transition = 'starting';
    ctx.lifecycle.boot(i, job);
  }
  ctx.store.save();
  return { job_id: job.id };
};

export const stopInstances: QcAction = (ctx) => {
  const instances = instancesOf(ctx, ['running']);
  const job = ctx.lifecycle.job(
    'StopInstances',
    instances.map((i) => i.id),
  );
  for (const i of instances) ctx.lifecycle.stop(i, job);
  ctx.store.save();
  return { job_id: job.id };
};

export const terminateInstances: QcAction = (ctx) => {
  const instances = instancesOf(ctx, ['pending', 'running', 'stopped', 'suspended'], ['', 'creating']);
  const job = ctx.lifecycle.job(
    'TerminateInstances',
    instances.map((i) => i.id),
  );
  for (const i of instances) {
    ctx.core.transitions.cancel(`qingcloud:${i.id}`);
    ctx.lifecycle.terminate(i, job);
  }
  ctx.store.save();
  return { job_id: job.id };
};

/** ResizeInstances: stopped instances only; `instance_type`, or `cpu` and `memory`. */
export const resizeInstances: QcAction = (ctx) => {
  const instances = instancesOf(ctx, ['stopped']);
  const next = shape(ctx);
  for (const i of instances) Object.assign(i, next, { statusTime: qcNow() });
  const job = ctx.lifecycle.doneJob(
    'ResizeInstances',
    instances.map((r) => r.id),
  );
  ctx.store.save();
  return { job_id: job.id };
};
