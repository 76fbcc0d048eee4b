import { validateDag } from '../../../jobs/dag';
import type { InstanceAction, InstanceOperation } from '../../../services/instances/instance-operation.types';
import type { VmOperation, VmRoleSpec } from '../vm-operation.types';
import { nodeIdsOf } from '../vm-operation.types';
import { ordersOf, planVmOperation, vmActionSupported } from './vm.planner';
import { VM_TASK } from './vm-tasks';

const svc = (cmd: string, order = 0) => ({ cmd, order, timeoutSec: 60 });

const mysql: VmRoleSpec = {
  role: 'Mysql',
  imageId: 'img-1',
  cpu: 1,
  memoryMiB: 1024,
  count: 1,
  volume: { sizeGiB: 10, mountPoint: '/data', filesystem: 'ext4', mountOptions: 'defaults' },
  env: {},
  services: { init: svc('mkdir -p /data/db'), start: svc('start-mysql'), destroy: svc('rm -rf /data/db') },
};
const wordpress: VmRoleSpec = {
  role: 'Wordpress',
  imageId: 'img-1',
  cpu: 1,
  memoryMiB: 1024,
  count: 2,
  env: {},
  services: { start: svc('start-wp', 1), stop: svc('stop-wp', 0) },
};

const vm: VmOperation = {
  clusterId: 'i-1',
  name: 'blog',
  appVersion: 'v-1',
  zone: 'z1',
  subnetId: 'sn-1',
  roles: [mysql, wordpress],
  nodes: [...nodeIdsOf('Mysql', 1), ...nodeIdsOf('Wordpress', 2)].map((nodeId) => ({
    nodeId,
    role: nodeId.startsWith('mysql') ? 'Mysql' : 'Wordpress',
  })),
  env: {},
  links: {},
  ownerId: 'u-1',
};

const op = (action: InstanceAction, withVm = true): InstanceOperation => ({
  action,
  instanceId: 'i-1',
  runtimeId: 'r-1',
  namespace: 'default',
  releaseName: 'blog',
  revision: 1,
  versionId: 'v-1',
  overrides: {},
  timeoutMs: 60000,
  ...(withVm ? { vm } : {}),
});

const plan = (a: InstanceAction) => planVmOperation(op(a));
const deps = (a: InstanceAction) => Object.fromEntries(plan(a).map((t) => [t.key, t.dependsOn ?? []]));

describe('planVmOperation', () => {
  it.each<InstanceAction>(['deploy', 'recover', 'stop', 'start', 'delete', 'cease'])('%s is a valid DAG', (a) => {
    const tasks = plan(a);
    const order = validateDag(tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn ?? [] })));
    expect(Array.isArray(order) ? [...order].sort() : order).toEqual(tasks.map((t) => t.key).sort());
    expect(tasks.at(-1)?.key).toBe('record');
  });

  it('deploy: keypair, frontgate, a node per node, a volume and an attach per volume, prepare, register, services by order', () => {
    const d = deps('deploy');
    expect(Object.keys(d)).toEqual([
      'keypair',
      'frontgate',
      'node-mysql-1',
      'volume-mysql-1',
      'attach-mysql-1',
      'prepare-mysql-1',
      'node-wordpress-1',
      'prepare-wordpress-1',
      'node-wordpress-2',
      'prepare-wordpress-2',
      'register',
      'svc-init-0',
      'svc-start-0',
      'svc-start-1',
      'record',
    ]);
    expect(d['volume-mysql-1']).toEqual([]);
    expect(d['attach-mysql-1']).toEqual(['node-mysql-1', 'volume-mysql-1']);
    expect(d['prepare-mysql-1']).toEqual(['attach-mysql-1', 'frontgate']);
    expect(d['prepare-wordpress-1']).toEqual(['node-wordpress-1', 'frontgate']);
    expect(d.register).toEqual(['frontgate', 'prepare-mysql-1', 'prepare-wordpress-1', 'prepare-wordpress-2']);
    expect(d['svc-init-0']).toEqual(['register']);
    expect(d['svc-start-0']).toEqual(['svc-init-0']);
    expect(d['svc-start-1']).toEqual(['svc-start-0']);
  });

  it('service tasks say which service, which order and where the nodes come from', () => {
    const start1 = plan('deploy').find((t) => t.key === 'svc-start-1');
    expect(start1).toMatchObject({
      action: VM_TASK.service,
      input: { service: 'start', order: 1, nodesFrom: 'register' },
    });
  });

  it('stop runs stop services on discovered nodes, then stops the instances', () => {
    expect(plan('stop').map((t) => t.key)).toEqual(['discover', 'frontgate', 'svc-stop-0', 'power', 'record']);
    expect(plan('stop').find((t) => t.key === 'power')?.input).toEqual({ action: 'stop' });
  });

  it('start powers on, checks the frontgate, re-registers metadata, then runs start by order', () => {
    expect(plan('start').map((t) => t.key)).toEqual([
      'discover',
      'power',
      'frontgate',
      'register',
      'svc-start-0',
      'svc-start-1',
      'record',
    ]);
  });

  it('delete: destroy services may fail; teardown, deregister; the frontgate is only looked up', () => {
    const tasks = plan('delete');
    expect(tasks.map((t) => t.key)).toEqual([
      'discover',
      'frontgate',
      'svc-destroy-0',
      'teardown',
      'deregister',
      'record',
    ]);
    expect(tasks.find((t) => t.key === 'svc-destroy-0')?.failureAllowed).toBe(true);
    expect(tasks.find((t) => t.key === 'frontgate')?.input).toEqual({ reuseOnly: true });
  });

  it('cease also releases the frontgate', () => {
    expect(plan('cease').map((t) => t.key)).toEqual([
      'discover',
      'frontgate',
      'svc-destroy-0',
      'teardown',
      'deregister',
      'frontgate-release',
      'record',
    ]);
  });

  it('refuses an operation without its vm part and actions it has no plan for', () => {
    expect(() => planVmOperation(op('deploy', false))).toThrow(/no vm part/);
    expect(vmActionSupported('rollback')).toBe(false);
    expect(() => plan('rollback')).toThrow(/no VM plan for rollback/);
  });

  it('orders: distinct, ascending, only roles with a command', () => {
    expect(ordersOf(vm, 'start')).toEqual([0, 1]);
    expect(ordersOf(vm, 'scale_out')).toEqual([]);
  });

  it('node ids are stable and key-safe', () => {
    expect(nodeIdsOf('My SQL', 2, 3)).toEqual(['my-sql-3', 'my-sql-4']);
  });
});
