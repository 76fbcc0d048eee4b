/**
 * The VM agent plane end to end: the EC2 sandbox (real sshd per VM) driven by @aws-sdk/client-ec2,
 * a frontgate and a node VM, and Marina's ssh2 session, etcd control, etcd3 metadata registry and
 * service runner against them — host keys pinned in PostgreSQL.
 */
import {
  ImportKeyPairCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RunningCloudSandbox } from '@marina/cloud-sandbox';
import { connectOrm, migrate } from '../../src/db/orm';
import { DriverError } from '../../src/jobs/errors';
import { frontgateEtcdSettings } from '../../src/config';
import { SshFrontgateControl } from '../../src/drivers/vm/agent/frontgate-control';
import { MemoryHostKeyStore, PgHostKeyStore } from '../../src/drivers/vm/agent/host-key.store';
import { EtcdMetadataRegistry } from '../../src/drivers/vm/agent/metadata-registry';
import { nodeView } from '../../src/drivers/vm/agent/metadata-view';
import { metadataFilePath, runService, ServiceCommandError } from '../../src/drivers/vm/agent/service-runner';
import { Ssh2Session } from '../../src/drivers/vm/agent/ssh-session';
import type { ClusterMetadata, ServiceEnv, SshLogin, VmHost } from '../../src/drivers/vm/vm-agent.types';
import { launchKey } from '../support/cloud';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { waitFor } from '../support/wait-for';
import { ec2Client, instanceReaches, startEc2Sandbox } from './cloud-aws.support';

jest.setTimeout(120_000);

function requireProgram(program: string, fix: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${program} is not installed on this machine: ${fix}`);
  }
}

async function driverErrorOf(call: Promise<unknown>): Promise<DriverError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof DriverError) return err;
    throw err;
  }
  throw new Error('expected a DriverError');
}

const noEnv = { env: {}, timeoutMs: 20_000 };

describe('VM agent plane over real sshd and etcd (EC2 sandbox)', () => {
  let sandbox: RunningCloudSandbox;
  let ec2: EC2Client;
  let db: TestDatabase;
  let orm: MikroORM;
  let login: SshLogin;
  let frontgate: VmHost;
  let node: VmHost;
  let session: Ssh2Session;
  const figures: string[] = [];

  async function launch(name: string): Promise<VmHost> {
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0c1i0000000000001',
        MinCount: 1,
        MaxCount: 1,
        KeyName: 'agent',
        SubnetId: sandbox.info.subnetId,
        ClientToken: `agent-${name}`,
      }),
    );
    const vm = await instanceReaches(ec2, out.Instances![0].InstanceId!, 'running');
    return { instanceId: vm.InstanceId!, ip: vm.PrivateIpAddress!, sshPort: 22 };
  }

  async function restart(host: VmHost, beforeStart?: () => void): Promise<void> {
    await ec2.send(new StopInstancesCommand({ InstanceIds: [host.instanceId] }));
    await instanceReaches(ec2, host.instanceId, 'stopped');
    beforeStart?.();
    await ec2.send(new StartInstancesCommand({ InstanceIds: [host.instanceId] }));
    await instanceReaches(ec2, host.instanceId, 'running');
  }

  beforeAll(async () => {
    requireProgram('/usr/sbin/sshd', 'apt-get install openssh-server');
    requireProgram(frontgateEtcdSettings().binary, 'apt-get install etcd-server, or set MARINA_ETCD_BINARY');
    requireProgram(frontgateEtcdSettings().ctlBinary, 'apt-get install etcd-client, or set MARINA_ETCDCTL_BINARY');
    db = await createTestDatabase('vm_agent');
    orm = await connectOrm(db.url);
    await migrate(orm);
    sandbox = await startEc2Sandbox({ bootDelayMs: 50 });
    ec2 = ec2Client(sandbox.info);
    const key = launchKey('marina-agent');
    login = { username: 'root', privateKey: key.privateKey };
    await ec2.send(new ImportKeyPairCommand({ KeyName: 'agent', PublicKeyMaterial: Buffer.from(key.publicKey) }));
    [frontgate, node] = await Promise.all([launch('frontgate'), launch('node')]);
    session = new Ssh2Session({ frontgate, login, hostKeys: new PgHostKeyStore(orm.em) });
  });

  afterAll(async () => {
    await session?.close();
    await sandbox?.stop();
    await orm?.close(true);
    await db?.drop();
    if (figures.length) process.stdout.write(`[vm-agent] ${figures.join('; ')}\n`);
  });

  it('runs commands on the frontgate directly and on the node through it, one pooled connection each', async () => {
    let t = performance.now();
    const fg = await waitFor('frontgate SSH', () =>
      session.exec(frontgate, 'hostname -I', noEnv).catch(() => undefined),
    );
    const direct = performance.now() - t;
    expect(fg.stdout.trim()).toBe(frontgate.ip);
    t = performance.now();
    const pooled = await session.exec(frontgate, 'true', noEnv);
    const reuse = performance.now() - t;
    t = performance.now();
    const lines: string[] = [];
    const onNode = await session.exec(node, `hostname -I; echo "$GREETING" >&2`, {
      env: { GREETING: "it's a $HOME `x`" },
      timeoutMs: 20_000,
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    const jump = performance.now() - t;
    expect(onNode).toMatchObject({ exitCode: 0, timedOut: false, stdout: `${node.ip}\n` });
    expect(lines).toEqual([`stdout:${node.ip}`, "stderr:it's a $HOME `x`"]);
    expect(pooled.exitCode).toBe(0);
    expect(session.connectionsOpened).toBe(2);
    await Promise.all([session.exec(node, 'true', noEnv), session.exec(frontgate, 'true', noEnv)]);
    expect(session.connectionsOpened).toBe(2);
    figures.push(
      `SSH first command: direct ${direct.toFixed(0)} ms, through the jump host ${jump.toFixed(0)} ms, pooled ${reuse.toFixed(0)} ms`,
    );
  });

  it('pins host keys in PostgreSQL on first contact and refuses a changed key', async () => {
    const store = new PgHostKeyStore(orm.em);
    const pinned = await store.get(node.instanceId);
    expect(pinned).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(await store.get(frontgate.instanceId)).toMatch(/^SHA256:/);
    // concurrent pins: the first one wins for both
    const [a, b] = await Promise.all([store.pin('i-race', 'SHA256:one'), store.pin('i-race', 'SHA256:two')]);
    expect(a).toBe(b);

    const wrong = new MemoryHostKeyStore();
    await wrong.pin(frontgate.instanceId, 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const other = new Ssh2Session({ frontgate, login, hostKeys: wrong });
    try {
      const err = await driverErrorOf(other.exec(frontgate, 'true', noEnv));
      expect(err.code).toBe('HOST_KEY_CHANGED');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(frontgate.instanceId);
      expect(err.message).toContain('SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(err.message).toContain(await store.get(frontgate.instanceId));
      expect(await wrong.get(frontgate.instanceId)).toBe('SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    } finally {
      await other.close();
    }

    // the node VM gets a new host key (removed while stopped, regenerated at boot)
    const root = (await session.exec(node, 'echo "$MARINA_VM_ROOT"', noEnv)).stdout.trim();
    await restart(node, () => rmSync(join(root, '.marina', 'ssh_host_ed25519_key'), { force: true }));
    const changed = await driverErrorOf(session.exec(node, 'true', noEnv));
    expect(changed.code).toBe('HOST_KEY_CHANGED');
    expect(changed.message).toContain(node.instanceId);
    expect(changed.message).toContain(pinned);
    // an operator who accepts the change forgets the pin; the next contact pins the new key
    await store.forget(node.instanceId);
    expect((await session.exec(node, 'hostname -I', noEnv)).stdout.trim()).toBe(node.ip);
    expect(await store.get(node.instanceId)).not.toBe(pinned);
  });

  it('re-establishes dropped connections (frontgate restarted: both the jump and the node connection)', async () => {
    await session.exec(node, 'true', noEnv);
    const before = session.connectionsOpened;
    await restart(frontgate);
    const r = await session.exec(node, 'hostname -I', noEnv);
    expect(r.stdout.trim()).toBe(node.ip);
    expect(session.connectionsOpened).toBe(before + 2);
    expect((await session.exec(frontgate, 'hostname -I', noEnv)).stdout.trim()).toBe(frontgate.ip);
    expect(session.connectionsOpened).toBe(before + 2);
  });

  it('maps a wrong key and an unreachable node to SSH_AUTH and SSH_UNREACHABLE', async () => {
    const stranger = new Ssh2Session({
      frontgate,
      login: { username: 'root', privateKey: launchKey().privateKey },
      hostKeys: new PgHostKeyStore(orm.em),
    });
    try {
      const auth = await driverErrorOf(stranger.exec(frontgate, 'true', noEnv));
      expect({ code: auth.code, retryable: auth.retryable }).toEqual({ code: 'SSH_AUTH', retryable: false });
      expect(auth.message).toContain(frontgate.instanceId);
    } finally {
      await stranger.close();
    }
    const ghost: VmHost = { instanceId: 'i-ghost', ip: '127.10.250.250', sshPort: 22 };
    const unreachable = await driverErrorOf(session.exec(ghost, 'true', noEnv));
    expect({ code: unreachable.code, retryable: unreachable.retryable }).toEqual({
      code: 'SSH_UNREACHABLE',
      retryable: true,
    });
    expect(unreachable.message).toContain('i-ghost');
    expect(unreachable.message).toContain(frontgate.instanceId);
  });

  it('writes files atomically, with mode, creating directories', async () => {
    const content = "line 1\nit's $HOME\n\u2713\n";
    await session.writeFile(node, 'deep/dir/f.txt', content, 0o640);
    const r = await session.exec(node, 'cat deep/dir/f.txt; stat -c %a deep/dir/f.txt; ls -a deep/dir | wc -l', noEnv);
    expect(r.stdout).toBe(`${content}640\n3\n`);
  });

  it('keeps etcd running on the frontgate: starts it, leaves a healthy one alone, restarts a killed one', async () => {
    const control = new SshFrontgateControl();
    // the frontgate restart above killed any etcd; two concurrent callers start exactly one
    let t = performance.now();
    const [first, second] = await Promise.all([
      control.ensureEtcd(session, frontgate),
      control.ensureEtcd(session, frontgate),
    ]);
    const startMs = performance.now() - t;
    expect([first.restarted, second.restarted].sort()).toEqual([false, true]);
    expect(first.endpoints).toEqual([`http://${frontgate.ip}:2379`]);
    const pids = await session.exec(
      frontgate,
      `ps -eo pid,args | grep -c '[e]tcd --name frontgate --data-dir etcd-data --listen-client-urls http://${frontgate.ip}:'`,
      noEnv,
    );
    expect(pids.stdout.trim()).toBe('1');

    expect((await control.ensureEtcd(session, frontgate)).restarted).toBe(false);

    await session.exec(frontgate, 'kill -9 "$(cat .marina-agent/etcd.pid)"', noEnv);
    await waitFor(
      'etcd down',
      async () =>
        (
          await session.exec(
            frontgate,
            `etcdctl --endpoints=http://${frontgate.ip}:2379 --dial-timeout=1s endpoint health`,
            noEnv,
          )
        ).exitCode !== 0,
    );
    t = performance.now();
    expect((await control.ensureEtcd(session, frontgate)).restarted).toBe(true);
    const restartMs = performance.now() - t;
    figures.push(
      `etcd start on the frontgate: ${startMs.toFixed(0)} ms (two callers), restart after kill ${restartMs.toFixed(0)} ms`,
    );
  });

  it('fails loudly when the etcd binary is missing on the frontgate', async () => {
    await session.exec(frontgate, 'kill "$(cat .marina-agent/etcd.pid)"', noEnv);
    const control = new SshFrontgateControl({ settings: { binary: '/nonexistent/etcd', ctlBinary: 'etcdctl' } });
    const err = await waitFor('etcd stopped', () =>
      driverErrorOf(control.ensureEtcd(session, frontgate)).then((e) => e.code === 'ETCD_MISSING' && e),
    );
    expect(err.message).toMatch(/\/nonexistent\/etcd.*not found.*MARINA_ETCD_BINARY/);
    expect(err.retryable).toBe(false);
    expect((await new SshFrontgateControl().ensureEtcd(session, frontgate)).restarted).toBe(true);
  });

  const metadata = (nodeIp: string): ClusterMetadata => ({
    cluster: { cluster_id: 'cl-agent', name: 'wp', app_version: 'appv-1' },
    hosts: {
      mysql: [
        {
          node_id: 'cln-db',
          instance_id: node.instanceId,
          ip: nodeIp,
          role: 'mysql',
          cpu: 1,
          memory: 1024,
          volume_size: 10,
        },
      ],
      wordpress: [{ node_id: 'cln-wp', instance_id: 'i-wp', ip: '127.10.9.9', role: 'wordpress', cpu: 1, memory: 512 }],
    },
    env: { '*': { title: "it's mine" }, mysql: { port: 3306 } },
    links: {},
  });

  it('registers, reads and deregisters cluster metadata in the frontgate etcd through the forward', async () => {
    const registry = await EtcdMetadataRegistry.open(session, frontgate);
    try {
      const md = metadata(node.ip);
      await registry.register('cl-agent', md);
      await registry.register('cl-other', { ...md, cluster: { ...md.cluster, cluster_id: 'cl-other' } });
      expect(await registry.read('cl-agent')).toEqual(md);
      // re-register replaces: a host removed from the metadata is gone from etcd
      const scaledIn = { ...md, hosts: { mysql: md.hosts.mysql } };
      await registry.register('cl-agent', scaledIn);
      expect(await registry.read('cl-agent')).toEqual(scaledIn);
      const keys = await session.exec(
        frontgate,
        `etcdctl --endpoints=http://${frontgate.ip}:2379 get --prefix --keys-only /clusters/cl-agent/ | grep -v '^$'`,
        noEnv,
      );
      expect(keys.stdout.trim().split('\n')).toEqual([
        '/clusters/cl-agent/cluster',
        '/clusters/cl-agent/env/*',
        '/clusters/cl-agent/env/mysql',
        '/clusters/cl-agent/hosts/mysql/cln-db',
        '/clusters/cl-agent/links',
      ]);
      await registry.deregister('cl-agent');
      expect(await registry.read('cl-agent')).toBeNull();
      expect((await registry.read('cl-other'))?.cluster.cluster_id).toBe('cl-other');
    } finally {
      await registry.close();
    }
  });

  describe('runService', () => {
    const md = (): ClusterMetadata => metadata(node.ip);
    const env = (): ServiceEnv => ({
      MARINA_CLUSTER_ID: 'cl-agent',
      MARINA_ROLE: 'mysql',
      MARINA_NODE_ID: 'cln-db',
      MARINA_METADATA_FILE: metadataFilePath('cl-agent'),
      MARINA_ETCD_ENDPOINTS: `http://${frontgate.ip}:2379`,
      MARINA_ETCD_PREFIX: '/clusters/cl-agent/',
    });

    it('writes the node view to MARINA_METADATA_FILE and runs the command with the service env', async () => {
      const lines: string[] = [];
      const r = await runService(session, node, {
        command: 'cd /tmp && cat "$MARINA_METADATA_FILE" && env | grep ^MARINA_ | grep -v MARINA_VM | sort >&2',
        env: env(),
        metadataView: nodeView(md(), 'cln-db'),
        timeoutMs: 20_000,
        onLine: (line, stream) => stream === 'stderr' && lines.push(line),
      });
      expect(JSON.parse(r.stdout)).toEqual(nodeView(md(), 'cln-db'));
      const root = (await session.exec(node, 'echo "$HOME"', noEnv)).stdout.trim();
      expect(lines).toEqual(
        Object.entries({ ...env(), MARINA_METADATA_FILE: `${root}/${metadataFilePath('cl-agent')}` })
          .map(([k, v]) => `${k}=${v}`)
          .sort(),
      );
    });

    it('turns exit code 3 into SERVICE_FAILED with the output', async () => {
      const err = await driverErrorOf(
        runService(session, node, {
          command: 'echo starting mysql; echo "no space left" >&2; exit 3',
          env: env(),
          metadataView: nodeView(md(), 'cln-db'),
          timeoutMs: 20_000,
        }),
      );
      expect(err).toBeInstanceOf(ServiceCommandError);
      expect(err.code).toBe('SERVICE_FAILED');
      expect(err.message).toMatch(/role mysql on node cln-db .*exited with code 3/);
      expect(err.message).toContain('no space left');
      expect((err as ServiceCommandError).result.stdout).toBe('starting mysql\n');
    });

    it('kills a command past its timeout (SERVICE_TIMEOUT) and leaves no process behind', async () => {
      const started = performance.now();
      const err = await driverErrorOf(
        runService(session, node, {
          command: `echo begin; sleep 4321 & sh -c 'trap "" TERM; sleep 4322' & sleep 4323; echo never`,
          env: env(),
          metadataView: nodeView(md(), 'cln-db'),
          timeoutMs: 1000,
        }),
      );
      expect(err.code).toBe('SERVICE_TIMEOUT');
      expect(err.message).toContain('1000 ms');
      expect(err.message).toContain('begin');
      expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
      const left = await session.exec(node, `pgrep -f 'sleep 432[123]' || echo none`, noEnv);
      expect(left.stdout.trim()).toBe('none');
    });
  });

  it('opened one connection per host per drop (figure)', () => {
    figures.push(`SSH connections opened by the session: ${session.connectionsOpened}`);
    expect(session.connectionsOpened).toBeGreaterThanOrEqual(4);
  });
});
