/**
 * The WordPress VM package on each cloud sandbox, end to end: GraphQL → worker → the real SDK →
 * sandbox VMs with real sshd → etcd on the frontgate. One frontgate + MySQL (with a volume) +
 * WordPress; MySQL's start runs before WordPress's, which reads MySQL's IP from its metadata file;
 * a second cluster reuses the frontgate; etcd killed on the frontgate is started again before the
 * next operation; stop/start; a failing start and a start past its timeout give readable errors;
 * delete leaves no node or volume; recover; cease leaves nothing tagged and, with the last
 * cluster, removes the frontgate. Prints the deploy time and SSH connections per deploy.
 */
import type { CloudProvider } from '@marina/cloud-sandbox';
import {
  deployWordpress,
  etcdKeys,
  liveFrontgates,
  onNode,
  settled,
  startVmWorld,
  taggedResources,
  type VmWorld,
} from './vm-support';
import { act } from './instances-support';
import { waitFor } from '../support/wait-for';

jest.setTimeout(600_000);

const CLOUDS = (process.env.VM_E2E_CLOUDS ?? 'aws,aliyun,qingcloud').split(',') as CloudProvider[];

async function jobLogs(w: VmWorld, instanceId: string): Promise<string> {
  const data = await w.user.ok(
    `query($id: ID!) { instance(id: $id) { jobs(first: 10) { edges { node { action status error tasks { key status error logs } } } } } }`,
    { id: instanceId },
  );
  return JSON.stringify(data.instance.jobs);
}

describe.each(CLOUDS)('WordPress VM package on %s', (cloud) => {
  let w: VmWorld;
  let first: string;

  beforeAll(async () => {
    w = await startVmWorld(cloud, `vm-wp-${cloud}`);
  });
  afterAll(async () => {
    await w?.stop();
  });

  it('deploys: frontgate + MySQL + WordPress, metadata in etcd, MySQL started before WordPress read its IP', async () => {
    const started = Date.now();
    const r = await deployWordpress(w, 'blog');
    first = r.instance.id;
    const inst = await settled(w, first);
    const ms = Date.now() - started;
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const byRole = Object.fromEntries(inst.nodes.map((n: any) => [n.role, n]));
    expect(inst.nodes).toHaveLength(2);
    expect(byRole.Mysql).toMatchObject({ name: 'mysql-1', status: 'running', health: 'HEALTHY' });
    expect(byRole.Wordpress).toMatchObject({ name: 'wordpress-1', status: 'running', health: 'HEALTHY' });

    const { nodes, volumes } = await taggedResources(w, first);
    expect(nodes).toHaveLength(2);
    expect(volumes).toHaveLength(1);
    const [frontgate] = await liveFrontgates(w);
    expect(await liveFrontgates(w)).toHaveLength(1);

    const keys = await etcdKeys(frontgate.privateIp as string, first);
    expect(Object.keys(keys).length).toBeGreaterThan(0);
    expect(Object.values(keys).join('\n')).toContain(byRole.Mysql.privateIp);

    const wp = await onNode(w, byRole.Wordpress.privateIp, 'cat wordpress/mysql_host wordpress/started_at');
    const my = await onNode(w, byRole.Mysql.privateIp, 'cat data/mysql/started_at data/mysql/init; mount');
    const [mysqlHost, wpStarted] = wp.stdout.trim().split('\n');
    expect(mysqlHost).toBe(byRole.Mysql.privateIp);
    expect(BigInt(my.stdout.trim().split('\n')[0])).toBeLessThan(BigInt(wpStarted));
    expect(my.stdout).toContain('initialised');
    expect(my.stdout).toContain(' on /data type ext4');

    const logs = await jobLogs(w, first);
    const ssh = [...logs.matchAll(/ssh: (\d+) connection/g)].reduce((n, m) => n + Number(m[1]), 0);
    console.log(`[vm-wordpress] ${cloud}: deploy ${ms} ms end to end, ${ssh} SSH connection(s) opened`);
  });

  it('a second cluster reuses the frontgate', async () => {
    const r = await deployWordpress(w, 'blog2');
    const inst = await settled(w, r.instance.id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    expect(await liveFrontgates(w)).toHaveLength(1);
    await act(w.user, 'ceaseInstance', r.instance.id);
    expect((await settled(w, r.instance.id)).status).toBe('CEASED');
    expect(await taggedResources(w, r.instance.id)).toEqual({ nodes: [], volumes: [] });
    expect(await liveFrontgates(w)).toHaveLength(1); // the first cluster still uses it
  });

  it('etcd killed on the frontgate is started again before the next operation; stop and start', async () => {
    const [frontgate] = await liveFrontgates(w);
    const ip = frontgate.privateIp as string;
    await onNode(w, ip, `pkill -f 'listen-client-urls http://${ip}:2379' ; true`);
    await waitFor(
      'etcd down',
      async () =>
        !(await etcdKeys(ip, first).then(
          () => true,
          () => false,
        )),
      10_000,
      100,
    );
    await act(w.user, 'stopInstance', first);
    const stopped = await settled(w, first);
    expect({ status: stopped.status, lastError: stopped.lastError }).toEqual({ status: 'STOPPED', lastError: null });
    expect(stopped.nodes.map((n: any) => n.status)).toEqual(['stopped', 'stopped']);
    expect(await jobLogs(w, first)).toContain('etcd was down and was started');
    await act(w.user, 'startInstance', first);
    const again = await settled(w, first);
    expect({ status: again.status, lastError: again.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    expect(Object.keys(await etcdKeys(ip, first)).length).toBeGreaterThan(0);
  });

  it('a start exiting non-zero and a start past its timeout fail readably and leak nothing after cease', async () => {
    const bad = await deployWordpress(w, 'blog-bad', { env: { fail_start: true } });
    const failed = await settled(w, bad.instance.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.lastError).toMatch(/start.*Wordpress.*wordpress-1.*exited with code 3/s);
    expect(await jobLogs(w, bad.instance.id)).toContain('start refused (fail_start)');

    const slow = await deployWordpress(w, 'blog-slow', { env: { start_delay: 30, start_timeout: 2 } });
    const timedOut = await settled(w, slow.instance.id);
    expect(timedOut.status).toBe('FAILED');
    expect(timedOut.lastError).toMatch(/timeout/i);

    for (const id of [bad.instance.id, slow.instance.id]) {
      await act(w.user, 'ceaseInstance', id);
      expect((await settled(w, id)).status).toBe('CEASED');
      expect(await taggedResources(w, id)).toEqual({ nodes: [], volumes: [] });
    }
  });

  it('delete leaves no node or volume; recover brings it back; cease removes the last frontgate', async () => {
    await act(w.user, 'deleteInstance', first);
    expect((await settled(w, first)).status).toBe('DELETED');
    expect(await taggedResources(w, first)).toEqual({ nodes: [], volumes: [] });

    await act(w.user, 'recoverInstance', first);
    const back = await settled(w, first);
    expect({ status: back.status, lastError: back.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    expect(back.nodes).toHaveLength(2);

    await act(w.user, 'ceaseInstance', first);
    expect((await settled(w, first)).status).toBe('CEASED');
    expect(await taggedResources(w, first)).toEqual({ nodes: [], volumes: [] });
    expect(await liveFrontgates(w)).toEqual([]);
  });
});
