import { validateDag } from '../../../jobs/dag';
import type { InstanceAction, InstanceOperation } from '../../../services/instances/instance-operation.types';
import type { VmOperation, VmRoleSpec } from '../vm-operation.types';
import type { VmChange } from '../vm-ops.types';
import { planVmOperation, vmActionSupported } from './vm.planner';

const svc = (cmd: string, order = 0) => ({ cmd, order, timeoutSec: 60 });

const mysql: VmRoleSpec = {
  role: 'Mysql',
  imageId: 'img',
  cpu: 1,
  memoryMiB: 1024,
  count: 1,
  volume: { sizeGiB: 10, mountPoint: '/data', filesystem: 'ext4', mountOptions: 'defaults' },
  env: {},
  services: { start: svc('start-mysql'), stop: svc('stop-mysql'), destroy: svc('rm -rf /data') },
};
const wordpress: VmRoleSpec = {
  role: 'Wordpress',
  imageId: 'img',
  cpu: 1,
  memoryMiB: 1024,
  count: 1,
  env: {},
  services: {
    init: svc('init-wp', 1),
    start: svc('start-wp', 1),
    stop: svc('stop-wp', 1),
    scale_out: svc('wp-sees-new', 1),
    scale_in: svc('wp-sees-gone', 1),
    restart: svc('restart-wp', 1),
    upgrade: svc('upgrade-wp', 1),
  },
};

const vmWith = (change?: VmChange, nodes = ['mysql-1', 'wordpress-1', 'wordpress-2']): VmOperation => ({
  clusterId: 'i-1',
  name: 'blog',
  appVersion: 'v-1',
  zone: 'z1',
  subnetId: 'sn-1',
  roles: [mysql, wordpress],
  nodes: nodes.map((nodeId) => ({ nodeId, role: nodeId.startsWith('mysql') ? 'Mysql' : 'Wordpress' })),
  env: {},
  links: {},
  ownerId: 'u-1',
  ...(change ? { change } : {}),
});

const op = (action: InstanceAction, vm: VmOperation): InstanceOperation => ({
  action,
  instanceId: 'i-1',
  runtimeId: 'r-1',
  namespace: 'default',
  releaseName: 'blog',
  revision: 1,
  versionId: 'v-1',
  overrides: {},
  timeoutMs: 60000,
  vm,
});

function planOf(action: InstanceAction, vm: VmOperation) {
  const tasks = planVmOperation(op(action, vm));
  expect(validateDag(tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn ?? [] })))).toBeInstanceOf(Array);
  return {
    tasks,
    deps: Object.fromEntries(tasks.map((t) => [t.key, t.dependsOn ?? []])),
    input: (key: string) => tasks.find((t) => t.key === key)?.input,
  };
}

describe('VM lifecycle change plans', () => {
  it('supports scale, resize, update_config and upgrade', () => {
    for (const a of ['scale', 'resize', 'update_config', 'upgrade'] as const) expect(vmActionSupported(a)).toBe(true);
  });

  it('scale out: new nodes made like a deploy, init/start on them, then scale_out on the existing ones', () => {
    const { deps, input } = planOf('scale', vmWith({ kind: 'scale_out', role: 'Wordpress', nodeIds: ['wordpress-2'] }));
    expect(deps).toEqual({
      keypair: [],
      discover: [],
      frontgate: ['keypair', 'discover'],
      'node-wordpress-2': ['keypair'],
      'prepare-wordpress-2': ['node-wordpress-2', 'frontgate'],
      register: ['discover', 'frontgate', 'prepare-wordpress-2'],
      'svc-init-1': ['register'],
      'svc-start-0': ['svc-init-1'],
      'svc-start-1': ['svc-start-0'],
      'svc-scale_out-1': ['svc-start-1'],
      'register-done': ['discover', 'svc-scale_out-1'],
      record: ['register-done'],
    });
    expect(input('register')).toEqual({
      nodesFrom: 'discover',
      addPrepared: ['wordpress-2'],
      adding: ['wordpress-2'],
    });
    expect(input('svc-start-1')).toMatchObject({ nodeIds: ['wordpress-2'], adding: ['wordpress-2'] });
    expect(input('svc-scale_out-1')).toMatchObject({ exceptNodeIds: ['wordpress-2'], adding: ['wordpress-2'] });
    expect(input('register-done')).toEqual({ nodesFrom: 'discover', addPrepared: ['wordpress-2'] });
  });

  it('scale out of a role with a volume creates and attaches one per new node', () => {
    const { deps } = planOf(
      'scale',
      vmWith({ kind: 'scale_out', role: 'Mysql', nodeIds: ['mysql-2'] }, ['mysql-1', 'mysql-2']),
    );
    expect(deps['attach-mysql-2']).toEqual(['node-mysql-2', 'volume-mysql-2']);
    expect(deps['prepare-mysql-2']).toEqual(['attach-mysql-2', 'frontgate']);
  });

  it('scale in: deleting hosts registered, destroy/stop on the leaving (allowed to fail), scale_in on the staying, removal, register', () => {
    const { tasks, deps, input } = planOf(
      'scale',
      vmWith({ kind: 'scale_in', role: 'Wordpress', nodeIds: ['wordpress-2'] }, ['mysql-1', 'wordpress-1']),
    );
    expect(deps).toEqual({
      discover: [],
      frontgate: ['discover'],
      register: ['discover', 'frontgate'],
      'svc-destroy-0': ['register'],
      'svc-stop-0': ['svc-destroy-0'],
      'svc-stop-1': ['svc-stop-0'],
      'svc-scale_in-1': ['svc-stop-1'],
      'nodes-remove': ['svc-scale_in-1'],
      'register-done': ['discover', 'nodes-remove'],
      record: ['register-done'],
    });
    expect(input('register')).toEqual({ nodesFrom: 'discover', deleting: ['wordpress-2'] });
    expect(tasks.find((t) => t.key === 'svc-stop-1')).toMatchObject({
      failureAllowed: true,
      input: { nodeIds: ['wordpress-2'] },
    });
    expect(input('svc-scale_in-1')).toMatchObject({ exceptNodeIds: ['wordpress-2'], deleting: ['wordpress-2'] });
    expect(input('nodes-remove')).toEqual({ nodeIds: ['wordpress-2'] });
    expect(input('register-done')).toEqual({ nodesFrom: 'discover', without: ['wordpress-2'] });
  });

  it('resize: stop services and VMs, resize, start, register, start services', () => {
    const change: VmChange = { kind: 'resize', roles: [{ role: 'Wordpress', cpu: 2, memoryMiB: 2048 }] };
    const { deps, input } = planOf('resize', vmWith(change));
    expect(deps).toEqual({
      discover: [],
      frontgate: ['discover'],
      'svc-stop-0': ['frontgate'],
      'svc-stop-1': ['svc-stop-0'],
      'power-stop': ['svc-stop-1'],
      resize: ['power-stop'],
      power: ['resize'],
      register: ['discover', 'power'],
      'svc-start-0': ['register'],
      'svc-start-1': ['svc-start-0'],
      record: ['svc-start-1'],
    });
    expect(input('power-stop')).toEqual({ action: 'stop' });
    expect(input('resize')).toEqual({ roles: [{ role: 'Wordpress', cpu: 2, memoryMiB: 2048 }] });
    expect(input('register')).toEqual({ nodesFrom: 'power' });
  });

  it('update_config re-registers then restarts; upgrade re-registers then runs upgrade', () => {
    expect(planOf('update_config', vmWith()).deps).toEqual({
      discover: [],
      frontgate: ['discover'],
      register: ['discover', 'frontgate'],
      'svc-restart-1': ['register'],
      record: ['svc-restart-1'],
    });
    expect(planOf('upgrade', vmWith()).deps['svc-upgrade-1']).toEqual(['register']);
  });

  it('refuses a scale or resize without its change (a service bug)', () => {
    expect(() => planVmOperation(op('scale', vmWith()))).toThrow(/no scale_out\/scale_in change/);
    expect(() => planVmOperation(op('resize', vmWith()))).toThrow(/no resize change/);
  });
});
