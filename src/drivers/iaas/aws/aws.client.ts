/**
 * The IaaS interface over EC2, through @aws-sdk/client-ec2 only. Runs and volume creations carry
 * the caller's token as EC2's ClientToken, every created resource is tagged (Marina's tags plus
 * `Name`), throttled calls are retried with backoff (aws.retry.ts), and every failure leaves as an
 * IaasError (aws.errors.ts).
 */
import {
  AttachVolumeCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteKeyPairCommand,
  DeleteVolumeCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  DetachVolumeCommand,
  EC2Client,
  ImportKeyPairCommand,
  ModifyInstanceAttributeCommand,
  ModifyVolumeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
  type Instance,
  type Volume,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import {
  IaasError,
  type CreateVolumeRequest,
  type IaasClient,
  type IaasCredential,
  type IaasKeyPair,
  type IaasNetwork,
  type IaasNode,
  type IaasSubnet,
  type IaasVolume,
  type MarinaTags,
  type RunInstanceRequest,
} from '../iaas.types';
import { pickInstanceType } from './aws.instance-types';
import {
  freeDevice,
  tagFilters,
  tagSpecifications,
  toKeyPair,
  toNetwork,
  toNode,
  toSubnet,
  toTags,
  toVolume,
} from './aws.mappers';
import type { BackoffOptions, RetryHooks } from '../retry-throttled';
import { DEFAULT_RETRY_POLICY, withThrottleRetry } from './aws.retry';

export interface AwsClientOptions {
  readonly retry?: Partial<BackoffOptions> & RetryHooks;
  /** Limit for connecting and for each response (ms); default 30 s. */
  readonly requestTimeoutMs?: number;
}

const idFilter = (name: string, ids: readonly string[] | undefined): Filter[] =>
  ids ? [{ Name: name, Values: [...ids] }] : [];

export class AwsIaasClient implements IaasClient {
  readonly provider = 'AWS' as const;
  private readonly ec2: EC2Client;
  private readonly policy: BackoffOptions;

  constructor(
    credential: IaasCredential,
    private readonly options: AwsClientOptions = {},
  ) {
    const timeout = options.requestTimeoutMs ?? 30_000;
    this.ec2 = new EC2Client({
      region: credential.region,
      endpoint: credential.endpoint,
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      maxAttempts: 1,
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
    });
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** One EC2 call with the throttle retry; `send` builds a fresh command for each attempt. */
  private call<T>(send: (ec2: EC2Client) => Promise<T>): Promise<T> {
    return withThrottleRetry(() => send(this.ec2), this.policy, this.options.retry);
  }

  async describeRegions(): Promise<readonly string[]> {
    const out = await this.call((ec2) => ec2.send(new DescribeRegionsCommand({})));
    return (out.Regions ?? []).map((r) => r.RegionName ?? '');
  }

  async describeZones(): Promise<readonly string[]> {
    const out = await this.call((ec2) => ec2.send(new DescribeAvailabilityZonesCommand({})));
    return (out.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '');
  }

  private async instances(filters: Filter[]): Promise<Instance[]> {
    const found: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const out = await this.call((ec2) => ec2.send(new DescribeInstancesCommand({ Filters: filters, NextToken })));
      for (const r of out.Reservations ?? []) found.push(...(r.Instances ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    return found;
  }

  private async keyNameOf(keyPairId: string): Promise<string> {
    const out = await this.call((ec2) => ec2.send(new DescribeKeyPairsCommand({ KeyPairIds: [keyPairId] })));
    const name = out.KeyPairs?.[0]?.KeyName;
    if (!name) throw new IaasError('NOT_FOUND', 'InvalidKeyPair.NotFound', `Key pair ${keyPairId} not found`);
    return name;
  }

  async runInstance(req: RunInstanceRequest): Promise<IaasNode> {
    const KeyName = req.keyPairId ? await this.keyNameOf(req.keyPairId) : undefined;
    const out = await this.call((ec2) =>
      ec2.send(
        new RunInstancesCommand({
          ClientToken: req.token,
          ImageId: req.imageId,
          InstanceType: (req.instanceType ?? pickInstanceType(req.cpu, req.memoryMiB)) as _InstanceType,
          MinCount: 1,
          MaxCount: 1,
          KeyName,
          SubnetId: req.subnetId,
          Placement: { AvailabilityZone: req.zone },
          UserData: req.userData === undefined ? undefined : Buffer.from(req.userData, 'utf8').toString('base64'),
          TagSpecifications: tagSpecifications(['instance', 'volume'], { ...req.tags, Name: req.name }),
        }),
      ),
    );
    const instance = out.Instances?.[0];
    if (!instance)
      throw new IaasError(
        'PROVIDER_ERROR',
        'EmptyReservation',
        `RunInstances returned no instance for token ${req.token}`,
      );
    return toNode(instance);
  }

  async describeInstances(filter: {
    ids?: readonly string[];
    tags?: Readonly<Record<string, string>>;
  }): Promise<readonly IaasNode[]> {
    if (filter.ids?.length === 0) return [];
    return (await this.instances([...idFilter('instance-id', filter.ids), ...tagFilters(filter.tags)])).map(toNode);
  }

  /** By client token first; by Marina's tags when the token finds nothing. A live instance is preferred. */
  async findInstanceByToken(token: string, tags: MarinaTags): Promise<IaasNode | undefined> {
    const prefer = (found: Instance[]) => found.find((i) => i.State?.Name !== 'terminated') ?? found[0];
    const byToken = prefer(await this.instances([{ Name: 'client-token', Values: [token] }]));
    if (byToken) return toNode(byToken);
    const byTags = prefer(
      await this.instances(
        tagFilters({ 'marina:instance': tags['marina:instance'], 'marina:task': tags['marina:task'] }),
      ),
    );
    return byTags ? toNode(byTags) : undefined;
  }

  async startInstances(ids: readonly string[]): Promise<void> {
    await this.call((ec2) => ec2.send(new StartInstancesCommand({ InstanceIds: [...ids] })));
  }

  async stopInstances(ids: readonly string[]): Promise<void> {
    await this.call((ec2) => ec2.send(new StopInstancesCommand({ InstanceIds: [...ids] })));
  }

  /** Instances EC2 no longer knows count as terminated. */
  async terminateInstances(ids: readonly string[]): Promise<void> {
    const existing = (await this.instances(idFilter('instance-id', ids))).map((i) => i.InstanceId!);
    if (existing.length === 0) return;
    await this.call((ec2) => ec2.send(new TerminateInstancesCommand({ InstanceIds: existing })));
  }

  async resizeInstance(id: string, spec: { cpu: number; memoryMiB: number; instanceType?: string }): Promise<void> {
    const Value = spec.instanceType ?? pickInstanceType(spec.cpu, spec.memoryMiB);
    await this.call((ec2) => ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value } })));
  }

  async createVolume(req: CreateVolumeRequest): Promise<IaasVolume> {
    const out = await this.call((ec2) =>
      ec2.send(
        new CreateVolumeCommand({
          ClientToken: req.token,
          AvailabilityZone: req.zone,
          Size: req.sizeGiB,
          VolumeType: 'gp3',
          TagSpecifications: tagSpecifications(['volume'], { ...req.tags, Name: req.name }),
        }),
      ),
    );
    return toVolume(out);
  }

  private async volumes(filters: Filter[]): Promise<Volume[]> {
    const found: Volume[] = [];
    let NextToken: string | undefined;
    do {
      const out = await this.call((ec2) => ec2.send(new DescribeVolumesCommand({ Filters: filters, NextToken })));
      found.push(...(out.Volumes ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    return found;
  }

  async describeVolumes(filter: {
    ids?: readonly string[];
    tags?: Readonly<Record<string, string>>;
  }): Promise<readonly IaasVolume[]> {
    if (filter.ids?.length === 0) return [];
    return (await this.volumes([...idFilter('volume-id', filter.ids), ...tagFilters(filter.tags)])).map(toVolume);
  }

  private async requireVolume(volumeId: string): Promise<Volume> {
    const [volume] = await this.volumes(idFilter('volume-id', [volumeId]));
    if (!volume) throw new IaasError('NOT_FOUND', 'InvalidVolume.NotFound', `The volume '${volumeId}' does not exist.`);
    return volume;
  }

  /** Attaches at the instance's first free data device; a volume already attached there is left as is. */
  async attachVolume(volumeId: string, instanceId: string): Promise<void> {
    const volume = await this.requireVolume(volumeId);
    if (volume.Attachments?.some((a) => a.InstanceId === instanceId)) return;
    const [instance] = await this.instances(idFilter('instance-id', [instanceId]));
    if (!instance)
      throw new IaasError('NOT_FOUND', 'InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
    const Device = freeDevice(instance);
    if (!Device)
      throw new IaasError('QUOTA_EXCEEDED', 'NoFreeDevice', `Instance ${instanceId} has no free data device left`);
    await this.call((ec2) => ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device })));
  }

  /** A volume not attached to the instance, or already detaching from it, counts as detached. */
  async detachVolume(volumeId: string, instanceId: string): Promise<void> {
    const volume = await this.requireVolume(volumeId);
    if (
      !volume.Attachments?.some(
        (a) => a.InstanceId === instanceId && (a.State === 'attached' || a.State === 'attaching'),
      )
    )
      return;
    await this.call((ec2) => ec2.send(new DetachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId })));
  }

  /** A volume EC2 no longer knows counts as deleted. */
  async deleteVolume(volumeId: string): Promise<void> {
    try {
      await this.call((ec2) => ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId })));
    } catch (err) {
      if (!(err instanceof IaasError && err.code === 'NOT_FOUND')) throw err;
    }
  }

  async resizeVolume(volumeId: string, sizeGiB: number): Promise<void> {
    await this.call((ec2) => ec2.send(new ModifyVolumeCommand({ VolumeId: volumeId, Size: sizeGiB })));
  }

  async describeVpcs(): Promise<readonly IaasNetwork[]> {
    const out = await this.call((ec2) => ec2.send(new DescribeVpcsCommand({})));
    return (out.Vpcs ?? []).map(toNetwork);
  }

  async describeSubnets(vpcId?: string): Promise<readonly IaasSubnet[]> {
    const out = await this.call((ec2) =>
      ec2.send(new DescribeSubnetsCommand({ Filters: vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : undefined })),
    );
    return (out.Subnets ?? []).map(toSubnet);
  }

  /** Importing the same key under the same name again returns the existing pair. */
  async importKeyPair(name: string, publicKey: string): Promise<IaasKeyPair> {
    try {
      const out = await this.call((ec2) =>
        ec2.send(new ImportKeyPairCommand({ KeyName: name, PublicKeyMaterial: Buffer.from(publicKey.trim(), 'utf8') })),
      );
      return { id: out.KeyPairId ?? '', name: out.KeyName ?? name, fingerprint: out.KeyFingerprint };
    } catch (err) {
      if (!(err instanceof IaasError && err.providerCode === 'InvalidKeyPair.Duplicate')) throw err;
      const out = await this.call((ec2) =>
        ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name], IncludePublicKey: true })),
      );
      const existing = out.KeyPairs?.[0];
      const sameKey =
        existing?.PublicKey?.split(/\s+/).slice(0, 2).join(' ') === publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
      if (!existing || !sameKey) throw err;
      return toKeyPair(existing);
    }
  }

  async describeKeyPairs(): Promise<readonly IaasKeyPair[]> {
    const out = await this.call((ec2) => ec2.send(new DescribeKeyPairsCommand({})));
    return (out.KeyPairs ?? []).map(toKeyPair);
  }

  async deleteKeyPair(id: string): Promise<void> {
    await this.call((ec2) => ec2.send(new DeleteKeyPairCommand({ KeyPairId: id })));
  }

  async tagResources(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    if (ids.length === 0) return;
    await this.call((ec2) => ec2.send(new CreateTagsCommand({ Resources: [...ids], Tags: toTags(tags) })));
  }

  /** Closes the SDK client's sockets. */
  destroy(): void {
    this.ec2.destroy();
  }
}
