import { join } from 'node:path';
import { readPackageDirectory } from '../../packages/package-dir';
import { loadVmPackage, renderCluster } from '../../packages/vm/vm-package.loader';
import { validateConfigValues } from '../../packages/vm/vm-config-values';
import { vmOperationFromCluster } from './vm-operation.from-cluster';
import { planVmOperation } from './deploy/vm.planner';

const FIXTURE = join(__dirname, '../../../test/e2e/fixtures/vm-packages/wordpress');
const placement = {
  clusterId: 'i-1',
  name: 'blog',
  appVersion: '0.1.0',
  zone: 'z1',
  subnetId: 'sn-runtime',
  ownerId: 'u-1',
};

function clusterWith(config: unknown) {
  const loaded = loadVmPackage(readPackageDirectory(FIXTURE));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const values = validateConfigValues(loaded.pkg.config, config);
  if (!values.ok) throw new Error(JSON.stringify(values.issues));
  const cluster = renderCluster(loaded.pkg.clusterTemplate, values.values);
  if (!cluster.ok) throw new Error(JSON.stringify(cluster.issues));
  return cluster.cluster;
}

describe('vmOperationFromCluster (the WordPress fixture)', () => {
  it('has a MySQL node with a volume and a WordPress node, start ordered after MySQL', () => {
    const vm = vmOperationFromCluster(clusterWith({}), placement);
    expect(vm.nodes).toEqual([
      { nodeId: 'mysql-1', role: 'Mysql' },
      { nodeId: 'wordpress-1', role: 'Wordpress' },
    ]);
    const [mysql, wordpress] = vm.roles;
    expect(mysql).toMatchObject({
      cpu: 1,
      memoryMiB: 2048,
      volume: { sizeGiB: 10, mountPoint: '/data', filesystem: 'ext4' },
    });
    expect(mysql.services.start.order).toBe(0);
    expect(wordpress.services.start).toMatchObject({ order: 1, timeoutSec: 60 });
    expect(wordpress.volume).toBeUndefined();
    expect(vm.subnetId).toBe('sn-runtime');
    expect(
      planVmOperation({
        action: 'deploy',
        instanceId: 'i-1',
        runtimeId: 'r',
        namespace: '',
        releaseName: 'blog',
        revision: 1,
        versionId: 'v',
        overrides: {},
        timeoutMs: 1000,
        vm,
      }).map((t) => t.key),
    ).toEqual([
      'keypair',
      'frontgate',
      'node-mysql-1',
      'volume-mysql-1',
      'attach-mysql-1',
      'prepare-mysql-1',
      'node-wordpress-1',
      'prepare-wordpress-1',
      'register',
      'svc-init-0',
      'svc-start-0',
      'svc-start-1',
      'record',
    ]);
  });

  it('config values reach the cluster: sizes, the subnet, the test switches', () => {
    const vm = vmOperationFromCluster(
      clusterWith({
        cluster: { subnet: 'sn-own', Wordpress: { memory: 2048 } },
        env: { fail_start: true, start_timeout: 2 },
      }),
      placement,
    );
    expect(vm.subnetId).toBe('sn-own');
    expect(vm.roles[1].memoryMiB).toBe(2048);
    expect(vm.roles[1].services.start.timeoutSec).toBe(2);
    expect(vm.roles[1].services.start.cmd).toContain("[ 'true' != 'true' ]");
  });
});
