/**
 * `marina sandbox cloud --provider aws --out f.json` as a separate process, used exactly as its
 * JSON says, through @aws-sdk/client-ec2: the pre-created VPC and subnet are there, a launched VM
 * answers SSH with the launch key, and SIGTERM stops the VM's sshd with the sandbox.
 */
import { DescribeSubnetsCommand, ImportKeyPairCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudSandboxInfo } from '@marina/cloud-sandbox';
import { sshExec } from '../support/ssh-exec';
import { waitFor } from '../support/wait-for';
import { launchKey } from '../support/cloud';
import { ec2Client, failureOf, instanceReaches } from './cloud-aws.support';

const root = join(__dirname, '..', '..');

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}

describe('marina sandbox cloud --provider aws', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-aws-cli-'));
  const out = join(dir, 'aws.json');
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [
        '-r',
        join(root, 'scripts', 'swc-register.js'),
        join(root, 'src', 'cli', 'main.ts'),
        'sandbox',
        'cloud',
        '--provider',
        'aws',
        '--port',
        '0',
        '--out',
        out,
        '--boot-delay',
        '300',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sandbox did not start within 60 s; stderr: ${stderr}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('serving at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}: ${stderr}`)));
    });
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes its endpoint and keys, serves EC2 to the SDK, and stops its VMs on SIGTERM', async () => {
    const info = JSON.parse(readFileSync(out, 'utf8')) as CloudSandboxInfo;
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(info).toMatchObject({
      provider: 'aws',
      region: 'us-east-1',
      zone: 'us-east-1a',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const ec2 = ec2Client(info);
    const subnets = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [info.subnetId] }));
    expect(subnets.Subnets?.[0]).toMatchObject({ VpcId: info.vpcId, AvailabilityZone: info.zone });
    const key = launchKey();
    await ec2.send(new ImportKeyPairCommand({ KeyName: 'cli', PublicKeyMaterial: Buffer.from(key.publicKey) }));
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0c1i0000000000001',
        MinCount: 1,
        MaxCount: 1,
        KeyName: 'cli',
        SubnetId: info.subnetId,
      }),
    );
    const vm = await instanceReaches(ec2, launched.Instances![0].InstanceId!, 'running');
    const target = { host: vm.PrivateIpAddress!, port: 22, privateKey: key.privateKey };
    expect(await waitFor('SSH', () => sshExec(target, 'whoami').catch(() => undefined))).toMatchObject({
      code: 0,
      stdout: 'root\n',
    });

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(stdout).toContain('SIGTERM: aws cloud sandbox stopped every VM and exited');
    expect((await failureOf(sshExec(target, 'true', 3000))).message).toMatch(/ECONNREFUSED|timed out/);
  }, 60_000);
});
