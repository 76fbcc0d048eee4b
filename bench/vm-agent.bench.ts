/**
 * The VM agent plane's costs on the EC2 sandbox (real sshd per VM, real etcd): SSH connect +
 * first command directly to the frontgate and through it to a node, a pooled command, and etcd's
 * start and restart on the frontgate. Host keys pinned in memory (the PostgreSQL store adds one
 * query per connect). Run: `npm run bench -- vm-agent`.
 */
import { ImportKeyPairCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { startCloudSandbox } from '@marina/cloud-sandbox';
import { SshFrontgateControl } from '../src/drivers/vm/agent/frontgate-control';
import { MemoryHostKeyStore } from '../src/drivers/vm/agent/host-key.store';
import { Ssh2Session } from '../src/drivers/vm/agent/ssh-session';
import type { SshLogin, VmHost } from '../src/drivers/vm/vm-agent.types';
import { launchKey } from '../test/support/cloud';
import { waitFor } from '../test/support/wait-for';
import { ec2Client, instanceReaches } from '../test/e2e/cloud-aws.support';
import { fmtLatency, machineLoad } from './support/stats';

const ROUNDS = 8;
const noEnv = { env: {}, timeoutMs: 20_000 };

async function launch(ec2: EC2Client, subnetId: string, name: string): Promise<VmHost> {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'bench',
      SubnetId: subnetId,
      ClientToken: name,
    }),
  );
  const vm = await instanceReaches(ec2, out.Instances![0].InstanceId!, 'running');
  return { instanceId: vm.InstanceId!, ip: vm.PrivateIpAddress!, sshPort: 22 };
}

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const value = await run();
  samples.push(performance.now() - t);
  return value;
}

async function main(): Promise<void> {
  const sandbox = await startCloudSandbox('aws', { bootDelayMs: 50 });
  try {
    const ec2 = ec2Client(sandbox.info);
    const key = launchKey();
    const login: SshLogin = { username: 'root', privateKey: key.privateKey };
    await ec2.send(new ImportKeyPairCommand({ KeyName: 'bench', PublicKeyMaterial: Buffer.from(key.publicKey) }));
    const [frontgate, node] = await Promise.all([
      launch(ec2, sandbox.info.subnetId, 'fg'),
      launch(ec2, sandbox.info.subnetId, 'node'),
    ]);
    const hostKeys = new MemoryHostKeyStore();
    const warm = new Ssh2Session({ frontgate, login, hostKeys });
    await waitFor('SSH', () => warm.exec(node, 'true', noEnv).catch(() => undefined));
    await warm.close();

    const direct: number[] = [];
    const jump: number[] = [];
    const pooled: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const session = new Ssh2Session({ frontgate, login, hostKeys });
      await timed(direct, () => session.exec(frontgate, 'true', noEnv));
      await timed(jump, () => session.exec(node, 'true', noEnv));
      await timed(pooled, () => session.exec(node, 'true', noEnv));
      await session.close();
    }
    console.log(`SSH connect + first command, frontgate directly:   ${fmtLatency(direct)}`);
    console.log(`SSH connect + first command, node through the jump: ${fmtLatency(jump)}`);
    console.log(`command on a pooled connection (node, jump):        ${fmtLatency(pooled)}`);

    const session = new Ssh2Session({ frontgate, login, hostKeys });
    const control = new SshFrontgateControl();
    const starts: number[] = [];
    const healthy: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await timed(starts, () => control.ensureEtcd(session, frontgate));
      await timed(healthy, () => control.ensureEtcd(session, frontgate));
      await session.exec(
        frontgate,
        'kill "$(cat .marina-agent/etcd.pid)"; while kill -0 "$(cat .marina-agent/etcd.pid)" 2>/dev/null; do sleep 0.05; done',
        noEnv,
      );
    }
    console.log(`ensureEtcd starting etcd (cold, then after kills):  ${fmtLatency(starts)}`);
    console.log(`ensureEtcd on a healthy etcd:                       ${fmtLatency(healthy)}`);
    console.log(`SSH connections opened by the etcd session: ${session.connectionsOpened}`);
    await session.close();
    console.log(machineLoad());
  } finally {
    await sandbox.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
