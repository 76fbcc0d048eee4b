/**
 * VM lifecycle changes end to end on the AWS sandbox (GraphQL → worker → the real SDK → sandbox
 * VMs with real sshd → etcd on the frontgate), with the WordPress fixture plus scale_out,
 * scale_in, restart and upgrade services that copy the node's metadata file: WordPress scaled out
 * by one (the existing node's scale_out saw the new host) and back in (the VM terminated, none
 * left), readable refusals that change nothing, resize, update env, upgrade.
 */
import { join } from 'node:path';
import { INSTANCE_JOB } from './instances-support';
import { waitFor } from '../support/wait-for';
import { deployWordpress, onNode, settled, startVmWorld, taggedResources, type VmWorld } from './vm-support';

jest.setTimeout(600_000);

const PKG = join(__dirname, 'fixtures/vm-packages/wordpress-ops');
const RESULT = `${INSTANCE_JOB} ... on ValidationError { details { path message } }`;

describe('VM lifecycle changes on aws', () => {
  let w: VmWorld;
  let id: string;

  const mutate = async (mutation: string, vars: Record<string, unknown>) =>
    (
      await w.user.ok(`mutation($id: ID!, ${mutation.split('|')[0]}) { r: ${mutation.split('|')[1]} { ${RESULT} } }`, {
        id,
        ...vars,
      })
    ).r;
  const scale = (vars: { role: string; add?: number; remove?: string[] }) =>
    mutate(
      '$role: String!, $add: Int, $remove: [ID!]|scaleInstance(id: $id, role: $role, addNodes: $add, removeNodeIds: $remove)',
      vars,
    );
  const resize = (roles: unknown[]) =>
    mutate('$roles: [RoleResourceInput!]!|resizeInstance(id: $id, roles: $roles)', { roles });
  const nodes = async () =>
    (await settled(w, id)).nodes as {
      id?: string;
      name: string;
      role: string;
      privateIp: string;
      instanceId: string;
    }[];
  const nodeRows = async () =>
    (await w.user.ok(`query($id: ID!) { instance(id: $id) { nodes { id name role privateIp instanceId } } }`, { id }))
      .instance.nodes as { id: string; name: string; role: string; privateIp: string; instanceId: string }[];
  const readJson = async (ip: string, file: string) => {
    const r = await onNode(w, ip, `cat ${file}`);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    w = await startVmWorld('aws', 'vm-ops-aws', { pkg: PKG });
    id = (await deployWordpress(w, 'ops-blog')).instance.id;
    const inst = await settled(w, id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
  });
  afterAll(async () => {
    await w?.stop();
  });

  it('scales WordPress out by one: the newcomer starts, the existing node’s scale_out sees it', async () => {
    const r = await scale({ role: 'Wordpress', add: 1 });
    expect(r.__typename).toBe('InstanceJob');
    expect(r.instance.transitionStatus).toBe('SCALING');
    const inst = await settled(w, id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const all = await nodeRows();
    expect(all.map((n) => n.name).sort()).toEqual(['mysql-1', 'wordpress-1', 'wordpress-2']);
    const [wp1, wp2] = ['wordpress-1', 'wordpress-2'].map((n) => all.find((x) => x.name === n)!);
    const mysql = all.find((n) => n.role === 'Mysql')!;
    // the newcomer ran init/start and read MySQL's address from its metadata
    expect((await onNode(w, wp2.privateIp, 'cat wordpress/mysql_host')).stdout.trim()).toBe(mysql.privateIp);
    const seen = await readJson(wp1.privateIp, 'wordpress/scale_out.json');
    expect(seen.self.node_id).toBe('wordpress-1');
    expect(seen.hosts.Wordpress.map((h: { node_id: string; ip: string }) => [h.node_id, h.ip])).toEqual([
      ['wordpress-1', wp1.privateIp],
      ['wordpress-2', wp2.privateIp],
    ]);
    expect(seen.cluster.adding_hosts.Wordpress.map((h: { node_id: string }) => h.node_id)).toEqual(['wordpress-2']);
    // the newcomer's own scale_out did not run
    expect((await onNode(w, wp2.privateIp, 'test -e wordpress/scale_out.json; echo $?')).stdout.trim()).toBe('1');
    expect((await taggedResources(w, id)).nodes).toHaveLength(3);
  });

  it('refuses bad scales and resizes readably, changing nothing', async () => {
    const before = await nodeRows();
    const nope = await scale({ role: 'Nope', add: 1 });
    expect(nope).toMatchObject({ __typename: 'ValidationError', errorCode: 'VALIDATION_FAILED' });
    expect(nope.message).toMatch(/has no role "Nope" \(roles: Mysql, Wordpress\)/);
    const stranger = await scale({ role: 'Wordpress', remove: ['00000000-0000-4000-8000-000000000000'] });
    expect(stranger.message).toMatch(/is not a node of instance ops-blog/);
    const mysql = before.find((n) => n.role === 'Mysql')!;
    expect((await scale({ role: 'Wordpress', remove: [mysql.id] })).message).toMatch(/is a Mysql node, not Wordpress/);
    expect((await scale({ role: 'Mysql', remove: [mysql.id] })).message).toMatch(/At least one Mysql node must stay/);
    expect((await scale({ role: 'Wordpress' })).message).toMatch(/either addNodes or removeNodeIds/);
    const small = await resize([{ role: 'Wordpress', memory: 128 }]);
    expect(small.details).toEqual([{ path: 'roles.0.memory', message: 'memory must be 512..262144 MiB' }]);
    const shrink = await resize([{ role: 'Mysql', volumeSize: 5 }]);
    expect(shrink.details).toEqual([{ path: 'roles.0.volumeSize', message: "volumes only grow: Mysql's is 10 GiB" }]);
    const inst = await settled(w, id);
    expect(inst.status).toBe('ACTIVE');
    expect((await nodeRows()).map((n) => n.instanceId).sort()).toEqual(before.map((n) => n.instanceId).sort());
  });

  it('scales back in: scale_in on the staying node sees the leaving one, its VM is terminated, none left', async () => {
    const wp2 = (await nodeRows()).find((n) => n.name === 'wordpress-2')!;
    const r = await scale({ role: 'Wordpress', remove: [wp2.id] });
    expect(r.__typename).toBe('InstanceJob');
    const inst = await settled(w, id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const left = await nodeRows();
    expect(left.map((n) => n.name).sort()).toEqual(['mysql-1', 'wordpress-1']);
    const seen = await readJson(left.find((n) => n.name === 'wordpress-1')!.privateIp, 'wordpress/scale_in.json');
    expect(seen.cluster.deleting_hosts.Wordpress.map((h: { node_id: string }) => h.node_id)).toEqual(['wordpress-2']);
    const [vm] = await w.cloud.describeInstances({ ids: [wp2.instanceId] });
    expect(vm === undefined || vm.state === 'TERMINATED').toBe(true);
    const { nodes: live } = await taggedResources(w, id);
    expect(live.map((n) => n.tags['marina:node']).sort()).toEqual(['mysql-1', 'wordpress-1']);
  });

  it('resizes WordPress: stopped, resized, started again', async () => {
    const wp1 = (await nodeRows()).find((n) => n.name === 'wordpress-1')!;
    const [before] = await w.cloud.describeInstances({ ids: [wp1.instanceId] });
    const startedBefore = (await onNode(w, wp1.privateIp, 'cat wordpress/started_at')).stdout.trim();
    const r = await resize([{ role: 'Wordpress', cpu: 2, memory: 8192 }]);
    expect(r.__typename).toBe('InstanceJob');
    expect(r.instance.transitionStatus).toBe('RESIZING');
    const inst = await settled(w, id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const [after] = await w.cloud.describeInstances({ ids: [wp1.instanceId] });
    expect(after.state).toBe('RUNNING');
    expect(after.instanceType).not.toBe(before.instanceType);
    const startedAfter = (await onNode(w, wp1.privateIp, 'cat wordpress/started_at')).stdout.trim();
    expect(startedAfter).not.toBe(startedBefore);
  });

  it('updates env: the metadata is re-registered and restart sees the new value', async () => {
    const r = (
      await w.user.ok(`mutation($id: ID!, $c: JSON!) { r: updateInstanceConfig(id: $id, config: $c) { ${RESULT} } }`, {
        id,
        c: { env: { greeting: 'bonjour' } },
      })
    ).r;
    expect(r.__typename).toBe('InstanceJob');
    const inst = await settled(w, id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const wp1 = (await nodeRows()).find((n) => n.name === 'wordpress-1')!;
    expect((await readJson(wp1.privateIp, 'wordpress/restart.json')).env['*'].greeting).toBe('bonjour');
  });

  it('upgrades (same version, new config): the upgrade service runs with the new metadata', async () => {
    const r = (
      await w.user.ok(
        `mutation($id: ID!, $v: ID!, $c: JSON) { r: upgradeInstance(id: $id, versionId: $v, config: $c) { ${RESULT} } }`,
        { id, v: w.versionId, c: { env: { greeting: 'hallo' } } },
      )
    ).r;
    expect(r.__typename).toBe('InstanceJob');
    const inst = await settled(w, id);
    expect({ status: inst.status, lastError: inst.lastError }).toEqual({ status: 'ACTIVE', lastError: null });
    const wp1 = (await nodeRows()).find((n) => n.name === 'wordpress-1')!;
    expect((await readJson(wp1.privateIp, 'wordpress/upgrade.json')).env['*'].greeting).toBe('hallo');
  });

  it('health checks: a failing check makes the node DEGRADED and runs the action once; passing again, HEALTHY', async () => {
    const wp1 = (await nodeRows()).find((n) => n.name === 'wordpress-1')!;
    const health = async () =>
      (
        (await w.user.ok(`query($id: ID!) { instance(id: $id) { nodes { name health } } }`, { id })).instance.nodes as {
          name: string;
          health: string;
        }[]
      ).find((n) => n.name === 'wordpress-1')?.health;
    expect((await onNode(w, wp1.privateIp, 'touch wordpress/broken')).code).toBe(0);
    await waitFor('wordpress-1 DEGRADED', async () => (await health()) === 'DEGRADED', 60_000, 200);
    const acted = await waitFor('the action ran', async () => {
      const r = await onNode(w, wp1.privateIp, 'cat wordpress/health_action 2>/dev/null');
      return r.stdout.trim() ? r.stdout.trim() : undefined;
    });
    expect(acted).toBe('acted');
    expect((await onNode(w, wp1.privateIp, 'rm wordpress/broken')).code).toBe(0);
    await waitFor('wordpress-1 HEALTHY again', async () => (await health()) === 'HEALTHY', 60_000, 200);
    expect((await onNode(w, wp1.privateIp, 'cat wordpress/health_action')).stdout.trim()).toBe('acted');
    const events: { status: string; message: string }[] = await w.t.marina.orm.em
      .fork()
      .getConnection()
      .execute(
        `select status, message from instance_events where instance_id = ? and kind = 'node.health' order by seq`,
        [id],
      );
    expect(events.map((e) => e.status)).toEqual(['DEGRADED', 'ACTION_SUCCEEDED', 'HEALTHY']);
    expect(events[0].message).toMatch(/^wordpress-1 \(Wordpress\) is unhealthy: exited 1/);
  });
});
