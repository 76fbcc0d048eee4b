import type { VmOperation } from '../vm-operation.types';
import { nodeView } from '../agent/metadata-view';
import { clusterMetadata, serviceEnv } from './cluster-metadata';
import { runsOf } from './tasks/service.task';
import { mountScript } from './tasks/prepare.task';
import type { ClusterNode } from './vm-context';

const vm: VmOperation = {
  clusterId: 'i-1',
  name: 'blog',
  appVersion: '0.1.0',
  zone: 'z1',
  subnetId: 'sn-1',
  roles: [
    {
      role: 'Mysql',
      imageId: 'img',
      cpu: 2,
      memoryMiB: 2048,
      count: 1,
      volume: { sizeGiB: 10, mountPoint: '/data', filesystem: 'ext4', mountOptions: '' },
      env: { port: 3306 },
      services: { start: { cmd: 'start-mysql', order: 0, timeoutSec: 30 } },
    },
    {
      role: 'Wordpress',
      imageId: 'img',
      cpu: 1,
      memoryMiB: 1024,
      count: 3,
      env: {},
      services: {
        start: { cmd: 'start-wp', order: 1, timeoutSec: 30 },
        init: { cmd: 'init-wp', order: 0, timeoutSec: 30, nodesToExecuteOn: 1 },
      },
    },
  ],
  nodes: [],
  env: { debug: false },
  links: { db: 'cl-2' },
  ownerId: 'u-1',
};

const node = (nodeId: string, role: string, ip: string): ClusterNode => ({
  nodeId,
  role,
  instanceId: `i-${nodeId}`,
  ip,
  sshPort: 22,
  state: 'RUNNING',
});
const nodes = [
  node('wordpress-10', 'Wordpress', '10.0.0.10'),
  node('wordpress-2', 'Wordpress', '10.0.0.3'),
  node('mysql-1', 'Mysql', '10.0.0.2'),
  node('wordpress-1', 'Wordpress', '10.0.0.4'),
];

describe('cluster metadata', () => {
  it('lists hosts per role in node order with the keys PRODUCT.md H3 names, env per role and the cluster', () => {
    const md = clusterMetadata(vm, nodes);
    expect(md.hosts.Mysql).toEqual([
      {
        node_id: 'mysql-1',
        instance_id: 'i-mysql-1',
        ip: '10.0.0.2',
        role: 'Mysql',
        cpu: 2,
        memory: 2048,
        volume_size: 10,
      },
    ]);
    expect(md.hosts.Wordpress.map((h) => h.node_id)).toEqual(['wordpress-1', 'wordpress-2', 'wordpress-10']);
    expect(md.env).toEqual({ '*': { debug: false }, Mysql: { port: 3306 }, Wordpress: {} });
    expect(md.cluster).toMatchObject({ cluster_id: 'i-1', name: 'blog', app_version: '0.1.0' });
    expect(md.links).toEqual({ db: 'cl-2' });
  });

  it("a node's view adds self; an unknown node is refused", () => {
    const md = clusterMetadata(vm, nodes);
    expect(nodeView(md, 'wordpress-2').self.ip).toBe('10.0.0.3');
    expect(() => nodeView(md, 'nope')).toThrow(/not a host/);
  });

  it('service env names the cluster, role, node, metadata file and etcd', () => {
    expect(
      serviceEnv(vm, nodes[2], {
        metadataFile: 'm.json',
        etcdEndpoints: ['http://10.0.0.1:2379'],
        etcdPrefix: '/clusters/',
      }),
    ).toEqual({
      MARINA_CLUSTER_ID: 'i-1',
      MARINA_ROLE: 'Mysql',
      MARINA_NODE_ID: 'mysql-1',
      MARINA_METADATA_FILE: 'm.json',
      MARINA_ETCD_ENDPOINTS: 'http://10.0.0.1:2379',
      MARINA_ETCD_PREFIX: '/clusters/i-1/',
    });
  });
});

describe('runsOf', () => {
  it('runs a service on the roles with that order, honouring nodes_to_execute_on', () => {
    expect(runsOf(vm, nodes, 'start', 0).map((r) => r.node.nodeId)).toEqual(['mysql-1']);
    expect(runsOf(vm, nodes, 'start', 1).map((r) => r.node.nodeId)).toEqual([
      'wordpress-1',
      'wordpress-2',
      'wordpress-10',
    ]);
    expect(runsOf(vm, nodes, 'init', 0).map((r) => r.node.nodeId)).toEqual(['wordpress-1']);
    expect(runsOf(vm, nodes, 'destroy', 0)).toEqual([]);
  });
});

describe('mountScript', () => {
  it('formats only a blank device and mounts only when not mounted', () => {
    const script = mountScript('/dev/vdb', { sizeGiB: 1, mountPoint: '/data', filesystem: 'xfs', mountOptions: '' });
    expect(script).toContain(`if mount | grep -q " on /data type "`);
    expect(script).toContain(`blkid '/dev/vdb' >/dev/null 2>&1 || mkfs.xfs '/dev/vdb'`);
    expect(script).toContain(`mount -t xfs -o 'defaults' '/dev/vdb' '/data'`);
  });
});
