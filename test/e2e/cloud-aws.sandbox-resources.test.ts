/**
 * The EC2 sandbox's volumes, key pairs, tags, networks and images through @aws-sdk/client-ec2, and
 * its state file: a sandbox restarted from it keeps its key, resources, client tokens and VMs.
 */
import {
  AttachVolumeCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DeleteKeyPairCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  DetachVolumeCommand,
  ImportKeyPairCommand,
  ModifyVolumeCommand,
  RunInstancesCommand,
  type EC2Client,
  type Volume,
} from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningCloudSandbox } from '@marina/cloud-sandbox';
import { waitFor } from '../support/wait-for';
import { launchKey } from '../support/cloud';
import { describeInstance, ec2Client, failureOf, instanceReaches, startEc2Sandbox } from './cloud-aws.support';

/** Real sshd boots and SDK round trips: a loaded machine needs more than jest's default 5 s. */
jest.setTimeout(60_000);

async function volume(ec2: EC2Client, id: string): Promise<Volume> {
  const out = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [id] }));
  return out.Volumes![0];
}

const volumeReaches = (ec2: EC2Client, id: string, state: string, attachment?: string) =>
  waitFor(`${id} ${state}`, async () => {
    const v = await volume(ec2, id);
    return v.State === state && (attachment === undefined || v.Attachments?.[0]?.State === attachment) ? v : undefined;
  });

describe('EC2 sandbox: volumes', () => {
  let sandbox: RunningCloudSandbox;
  let ec2: EC2Client;
  let instanceId: string;
  beforeAll(async () => {
    sandbox = await startEc2Sandbox({ quotas: { maxVolumes: 2 } });
    ec2 = ec2Client(sandbox.info);
    instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 }))).Instances![0]
      .InstanceId!;
    await instanceReaches(ec2, instanceId, 'running');
  });
  afterAll(() => sandbox.stop());

  it('create (token-idempotent) → available → attach → in-use/attached → detach → delete → gone', async () => {
    const create = (size: number) =>
      new CreateVolumeCommand({
        AvailabilityZone: sandbox.info.zone,
        Size: size,
        ClientToken: 'vol-token',
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'data' }] }],
      });
    const created = await ec2.send(create(8));
    expect(created).toMatchObject({
      State: 'creating',
      Size: 8,
      AvailabilityZone: sandbox.info.zone,
      Tags: [{ Key: 'Name', Value: 'data' }],
    });
    expect((await ec2.send(create(8))).VolumeId).toBe(created.VolumeId);
    expect(await failureOf(ec2.send(create(9)))).toMatchObject({ name: 'IdempotentParameterMismatch' });
    const id = created.VolumeId!;
    await volumeReaches(ec2, id, 'available');
    const attach = await ec2.send(
      new AttachVolumeCommand({ VolumeId: id, InstanceId: instanceId, Device: '/dev/sdf' }),
    );
    expect(attach).toMatchObject({ VolumeId: id, InstanceId: instanceId, Device: '/dev/sdf', State: 'attaching' });
    await volumeReaches(ec2, id, 'in-use', 'attached');
    expect((await describeInstance(ec2, instanceId)).BlockDeviceMappings).toEqual([
      expect.objectContaining({
        DeviceName: '/dev/sdf',
        Ebs: expect.objectContaining({ VolumeId: id, Status: 'attached' }),
      }),
    ]);
    expect(
      await failureOf(ec2.send(new AttachVolumeCommand({ VolumeId: id, InstanceId: instanceId, Device: '/dev/sdg' }))),
    ).toMatchObject({ name: 'VolumeInUse' });
    expect(await failureOf(ec2.send(new DeleteVolumeCommand({ VolumeId: id })))).toMatchObject({ name: 'VolumeInUse' });
    expect(await failureOf(ec2.send(new ModifyVolumeCommand({ VolumeId: id, Size: 4 })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect((await ec2.send(new ModifyVolumeCommand({ VolumeId: id, Size: 20 }))).VolumeModification).toMatchObject({
      OriginalSize: 8,
      TargetSize: 20,
    });
    expect((await ec2.send(new DetachVolumeCommand({ VolumeId: id, InstanceId: instanceId }))).State).toBe('detaching');
    await volumeReaches(ec2, id, 'available');
    expect(await failureOf(ec2.send(new DetachVolumeCommand({ VolumeId: id })))).toMatchObject({
      name: 'IncorrectState',
    });
    await ec2.send(new DeleteVolumeCommand({ VolumeId: id }));
    expect((await volume(ec2, id)).State).toBe('deleting');
    await waitFor('volume gone', async () => (await failureOf(volume(ec2, id))).name === 'InvalidVolume.NotFound');
  });

  it('the volume quota is VolumeLimitExceeded; a bad zone is InvalidParameterValue', async () => {
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: sandbox.info.zone, Size: 1 }));
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: sandbox.info.zone, Size: 1 }));
    expect(
      await failureOf(ec2.send(new CreateVolumeCommand({ AvailabilityZone: sandbox.info.zone, Size: 1 }))),
    ).toMatchObject({ name: 'VolumeLimitExceeded' });
    expect(await failureOf(ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'mars-1a', Size: 1 })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
  });
});

describe('EC2 sandbox: key pairs, tags, networks, images', () => {
  let sandbox: RunningCloudSandbox;
  let ec2: EC2Client;
  beforeAll(async () => {
    sandbox = await startEc2Sandbox();
    ec2 = ec2Client(sandbox.info);
  });
  afterAll(() => sandbox.stop());

  it('imports an OpenSSH key with EC2’s ED25519 fingerprint; refuses duplicates and non-keys', async () => {
    const key = launchKey();
    const imported = await ec2.send(
      new ImportKeyPairCommand({ KeyName: 'ops', PublicKeyMaterial: Buffer.from(key.publicKey) }),
    );
    const blob = Buffer.from(key.publicKey.split(' ')[1], 'base64');
    expect(imported).toMatchObject({
      KeyName: 'ops',
      KeyFingerprint: createHash('sha256').update(blob).digest('base64'),
    });
    expect(imported.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);
    expect(
      await failureOf(
        ec2.send(new ImportKeyPairCommand({ KeyName: 'ops', PublicKeyMaterial: Buffer.from(key.publicKey) })),
      ),
    ).toMatchObject({ name: 'InvalidKeyPair.Duplicate' });
    expect(
      await failureOf(
        ec2.send(
          new ImportKeyPairCommand({ KeyName: 'bad', PublicKeyMaterial: Buffer.from('ssh-ed25519 bm90IGEga2V5') }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidKey.Format' });
    const listed = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['ops'], IncludePublicKey: true }));
    expect(listed.KeyPairs?.[0]).toMatchObject({
      KeyPairId: imported.KeyPairId,
      KeyType: 'ed25519',
      PublicKey: key.publicKey,
    });
    await ec2.send(new DeleteKeyPairCommand({ KeyPairId: imported.KeyPairId }));
    expect(await failureOf(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['ops'] })))).toMatchObject({
      name: 'InvalidKeyPair.NotFound',
    });
  });

  it('tags any resource, lists and deletes them; reserved keys and unknown ids are refused', async () => {
    const { vpcId, subnetId } = sandbox.info;
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpcId, subnetId],
        Tags: [
          { Key: 'team', Value: 'blue' },
          { Key: 'env', Value: 'test' },
        ],
      }),
    );
    const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['team'] }] }));
    expect(tags.Tags?.map((t) => [t.ResourceId, t.ResourceType, t.Value]).sort()).toEqual(
      [
        [subnetId, 'subnet', 'blue'],
        [vpcId, 'vpc', 'blue'],
      ].sort(),
    );
    await ec2.send(
      new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'team', Value: 'red' }, { Key: 'env' }] }),
    );
    const left = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [vpcId] }] }));
    expect(left.Tags?.map((t) => t.Key)).toEqual(['team']);
    expect(
      await failureOf(
        ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'aws:owner', Value: 'x' }] })),
      ),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failureOf(
        ec2.send(new CreateTagsCommand({ Resources: ['vol-00000000000000000'], Tags: [{ Key: 'a', Value: 'b' }] })),
      ),
    ).toMatchObject({ name: 'InvalidVolume.NotFound' });
  });

  it('has a default VPC with a default subnet per zone; creates VPCs and subnets inside their ranges', async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(vpcs.Vpcs?.map((v) => [v.VpcId, v.CidrBlock])).toEqual([[sandbox.info.vpcId, '172.31.0.0/16']]);
    const defaults = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [sandbox.info.vpcId] }] }),
    );
    expect(defaults.Subnets?.map((s) => s.AvailabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    const vpc = (
      await ec2.send(
        new CreateVpcCommand({
          CidrBlock: '10.1.0.0/16',
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app' }] }],
        }),
      )
    ).Vpc!;
    const subnet = (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.1.1.0/24', AvailabilityZone: 'us-east-1b' }),
      )
    ).Subnet!;
    expect(subnet).toMatchObject({
      VpcId: vpc.VpcId,
      CidrBlock: '10.1.1.0/24',
      AvailabilityZone: 'us-east-1b',
      AvailableIpAddressCount: 251,
    });
    expect(
      await failureOf(ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.1.1.128/25' }))),
    ).toMatchObject({ name: 'InvalidSubnet.Conflict' });
    expect(
      await failureOf(ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.2.0.0/24' }))),
    ).toMatchObject({ name: 'InvalidSubnet.Range' });
    expect(await failureOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).toMatchObject({
      name: 'InvalidVpc.Range',
    });
    const launched = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId }),
    );
    expect(launched.Instances?.[0]).toMatchObject({
      SubnetId: subnet.SubnetId,
      VpcId: vpc.VpcId,
      Placement: expect.objectContaining({ AvailabilityZone: 'us-east-1b' }),
    });
  });

  it('lists the default image and every image seen', async () => {
    await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0feedfacecafe0001', MinCount: 1, MaxCount: 1 }));
    const images = await ec2.send(new DescribeImagesCommand({}));
    expect(images.Images?.map((i) => i.ImageId)).toEqual(expect.arrayContaining(['ami-0feedfacecafe0001', 'ami-1']));
    expect(images.Images?.[0]).toMatchObject({ State: 'available', Architecture: 'x86_64' });
  });
});

describe('EC2 sandbox: state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-ec2-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a restarted sandbox keeps its access key, instances, volumes and client tokens, and reboots running VMs', async () => {
    const stateFile = join(dir, 'ec2.json');
    const first = await startEc2Sandbox({ stateFile });
    const ec2 = ec2Client(first.info);
    const launched = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, ClientToken: 'persisted' }),
    );
    const id = launched.Instances![0].InstanceId!;
    const ip = (await instanceReaches(ec2, id, 'running')).PrivateIpAddress;
    const vol = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: first.info.zone, Size: 2 }))).VolumeId!;
    await first.stop();

    const second = await startEc2Sandbox({ stateFile });
    try {
      expect([second.info.accessKeyId, second.info.vpcId]).toEqual([first.info.accessKeyId, first.info.vpcId]);
      const again = ec2Client(second.info);
      expect((await describeInstance(again, id)).State?.Name).toBe('running');
      expect((await describeInstance(again, id)).PrivateIpAddress).toBe(ip);
      await volumeReaches(again, vol, 'available');
      const retried = await again.send(
        new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, ClientToken: 'persisted' }),
      );
      expect(retried.Instances?.[0].InstanceId).toBe(id);
    } finally {
      await second.stop();
    }
  });
});
