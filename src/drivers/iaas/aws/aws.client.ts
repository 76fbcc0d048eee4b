/**
 * The IaaS interface over EC2, through @aws-sdk/client-ec2 only. Runs and volume creations carry
 * the caller's token as EC2's ClientToken, every created resource is tagged (Marina's tags plus
 * `Name`), throttled calls are retried with backoff (aws.retry.ts), and every failure leaves as an
 * IaasError (aws.errors.ts).
 */
import {
  DescribeAvailabilityZonesCommand,
  DescribeRegionsCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
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
import type { BackoffOptions, RetryHooks } from '../retry-throttled';
import { idFilter, listInstances, type Ec2Call } from './aws.call';
import { pickInstanceType } from './aws.instance-types';
import { tagFilters, tagSpecifications, toNode } from './aws.mappers';
import * as networks from './aws.networks';
import { DEFAULT_RETRY_POLICY, withThrottleRetry } from './aws.retry';
import * as volumes from './aws.volumes';

export interface AwsClientOptions {
  readonly retry?: Partial<BackoffOptions> & RetryHooks;
  /** Limit for connecting and for each response (ms); default 30 s. */
  readonly requestTimeoutMs?: number;
}

/** Instances live here; volumes (aws.volumes.ts) and networks, key pairs and tags (aws.networks.ts) are delegated. */
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
  private readonly call: Ec2Call = (send) => withThrottleRetry(() => send(this.ec2), this.policy, this.options.retry);

  async describeRegions(): Promise<readonly string[]> {
    const out = await this.call((ec2) => ec2.send(new DescribeRegionsCommand({})));
    return (out.Regions ?? []).map((r) => r.RegionName ?? '');
  }

  async describeZones(): Promise<readonly string[]> {
    const out = await this.call((ec2) => ec2.send(new DescribeAvailabilityZonesCommand({})));
    return (out.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '');
  }

  async runInstance(req: RunInstanceRequest): Promise<IaasNode> {
    const KeyName = req.keyPairId ? await networks.keyNameOf(this.call, req.keyPairId) : undefined;
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
    return (await listInstances(this.call, [...idFilter('instance-id', filter.ids), ...tagFilters(filter.tags)])).map(
      toNode,
    );
  }

  /** By client token first; by Marina's tags when the token finds nothing. A live instance is preferred. */
  async findInstanceByToken(token: string, tags: MarinaTags): Promise<IaasNode | undefined> {
    const prefer = (found: Instance[]) => found.find((i) => i.State?.Name !== 'terminated') ?? found[0];
    const byToken = prefer(await listInstances(this.call, [{ Name: 'client-token', Values: [token] }]));
    if (byToken) return toNode(byToken);
    const byTags = prefer(
      await listInstances(
        this.call,
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
    const existing = (await listInstances(this.call, idFilter('instance-id', ids))).map((i) => i.InstanceId!);
    if (existing.length === 0) return;
    await this.call((ec2) => ec2.send(new TerminateInstancesCommand({ InstanceIds: existing })));
  }

  async resizeInstance(id: string, spec: { cpu: number; memoryMiB: number; instanceType?: string }): Promise<void> {
    const Value = spec.instanceType ?? pickInstanceType(spec.cpu, spec.memoryMiB);
    await this.call((ec2) => ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value } })));
  }

  createVolume(req: CreateVolumeRequest): Promise<IaasVolume> {
    return volumes.createVolume(this.call, req);
  }

  describeVolumes(filter: {
    ids?: readonly string[];
    tags?: Readonly<Record<string, string>>;
  }): Promise<readonly IaasVolume[]> {
    return volumes.describeVolumes(this.call, filter);
  }

  attachVolume(volumeId: string, instanceId: string): Promise<void> {
    return volumes.attachVolume(this.call, volumeId, instanceId);
  }

  detachVolume(volumeId: string, instanceId: string): Promise<void> {
    return volumes.detachVolume(this.call, volumeId, instanceId);
  }

  deleteVolume(volumeId: string): Promise<void> {
    return volumes.deleteVolume(this.call, volumeId);
  }

  resizeVolume(volumeId: string, sizeGiB: number): Promise<void> {
    return volumes.resizeVolume(this.call, volumeId, sizeGiB);
  }

  describeVpcs(): Promise<readonly IaasNetwork[]> {
    return networks.describeVpcs(this.call);
  }

  describeSubnets(vpcId?: string): Promise<readonly IaasSubnet[]> {
    return networks.describeSubnets(this.call, vpcId);
  }

  importKeyPair(name: string, publicKey: string): Promise<IaasKeyPair> {
    return networks.importKeyPair(this.call, name, publicKey);
  }

  describeKeyPairs(): Promise<readonly IaasKeyPair[]> {
    return networks.describeKeyPairs(this.call);
  }

  deleteKeyPair(id: string): Promise<void> {
    return networks.deleteKeyPair(this.call, id);
  }

  tagResources(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    return networks.tagResources(this.call, ids, tags);
  }

  /** Closes the SDK client's sockets. */
  destroy(): void {
    this.ec2.destroy();
  }
}
