import type { QcAction } from './qc.action';

/** DescribeZones: the region zone and its zones, all active (zones.n filters). */
export const describeZones: QcAction = (ctx) => {
  const { region, zones } = ctx.store.placement;
  const wanted = ctx.params.list('zones');
  const all = [region, ...zones].filter((z) => wanted.length === 0 || wanted.includes(z));
  return { zone_set: all.map((zone_id) => ({ zone_id, status: 'active' })), total_count: all.length };
};

/** DescribeVxnets: the VPC's vxnets (vxnets.n filters). */
export const describeVxnets: QcAction = (ctx) => {
  const ids = ctx.params.list('vxnets');
  const found = Object.values(ctx.store.state.vxnets).filter((v) => ids.length === 0 || ids.includes(v.id));
  const { items, total_count } = ctx.params.page(found);
  return {
    vxnet_set: items.map((v) => ({
      vxnet_id: v.id,
      vxnet_name: v.name,
      vxnet_type: 1,
      vpc_router_id: v.routerId,
      router: {
        router_id: v.routerId,
        router_name: ctx.store.state.routers[v.routerId]?.name ?? '',
        ip_network: v.ipNetwork,
      },
      zone_id: v.zone,
    })),
    total_count,
  };
};

/** DescribeRouters: the VPC routers (a QingCloud VPC is a router with its vxnets). */
export const describeRouters: QcAction = (ctx) => {
  const ids = ctx.params.list('routers');
  const found = Object.values(ctx.store.state.routers).filter((r) => ids.length === 0 || ids.includes(r.id));
  const { items, total_count } = ctx.params.page(found);
  const vxnets = Object.values(ctx.store.state.vxnets);
  return {
    router_set: items.map((r) => ({
      router_id: r.id,
      router_name: r.name,
      router_type: 1,
      status: 'active',
      transition_status: '',
      vpc_network: r.ipNetwork,
      private_ip: r.ipNetwork.replace(/0\/\d+$/, '1'),
      vxnets: vxnets.filter((v) => v.routerId === r.id).map((v) => ({ vxnet_id: v.id, nic_id: '' })),
      zone_id: r.zone,
    })),
    total_count,
  };
};

/** DescribeImages: the images seen so far plus the default (or the fixed list). */
export const describeImages: QcAction = (ctx) => {
  const ids = ctx.params.list('images');
  const found = ctx.core.images().filter((id) => ids.length === 0 || ids.includes(id));
  const { items, total_count } = ctx.params.page(found);
  return {
    image_set: items.map((id) => ({
      image_id: id,
      image_name: id,
      os_family: 'ubuntu',
      platform: 'linux',
      processor_type: '64bit',
      status: 'available',
      visibility: 'public',
      provider: 'system',
      size: 20,
    })),
    total_count,
  };
};

/** DescribeJobs: the jobs of asynchronous actions (jobs.n, status.n, job_action). */
export const describeJobs: QcAction = (ctx) => {
  const ids = ctx.params.list('jobs');
  const statuses = ctx.params.list('status');
  const action = ctx.params.get('job_action');
  const found = Object.values(ctx.store.state.jobs).filter(
    (j) =>
      (ids.length === 0 || ids.includes(j.id)) &&
      (statuses.length === 0 || statuses.includes(j.status)) &&
      (!action || j.action === action),
  );
  const { items, total_count } = ctx.params.page(found);
  return {
    job_set: items.map((j) => ({
      job_id: j.id,
      job_action: j.action,
      status: j.status,
      resource_ids: j.resourceIds.join(','),
      create_time: j.createTime,
      status_time: j.statusTime,
    })),
    total_count,
  };
};
