import { createHash } from 'node:crypto';
import * as $Ecs from '@alicloud/ecs20140526';
import {
  IaasError,
  type CreateVolumeRequest,
  type IaasClient,
  type IaasKeyPair,
  type IaasNetwork,
  type IaasNode,
  type IaasSubnet,
  type IaasVolume,
  type MarinaTags,
  type RunInstanceRequest,
} from '../iaas.types';
import type { AliyunConnection } from './aliyun.connection';
import { pickInstanceType } from './aliyun.instance-type';
import { tagParams, toNode, toVolume } from './aliyun.mappers';
import { idsNeeding, START_PLAN, STOP_PLAN } from '../state-plan';

/** The tag that carries the idempotency token, so a lost RunInstances answer is found by tag. */
export const TOKEN_TAG = 'marina:token';
const PAGE_SIZE = 100;

type Filter = { ids?: readonly string[]; tags?: Readonly<Record<string, string>> };

/** ECS ClientTokens are at most 64 ASCII characters; longer tokens are sent as their SHA-256. */
export function clientToken(token: string): string {
  return token.length <= 64 && /^[\x20-\x7e]+$/.test(token) ? token : createHash('sha256').update(token).digest('hex');
}

/**
 * IaasClient over `@alicloud/ecs20140526`. Instances and disks are created with ClientToken and tagged
 * with the request's tags plus `marina:token`; start/stop/terminate/attach/detach observe first and
 * act only on resources not yet in the wanted state.
 */
export class AliyunIaasClient implements IaasClient {
  readonly provider = 'ALIYUN' as const;

  constructor(private readonly ecs: AliyunConnection) {}

  private get regionId(): string {
    return this.ecs.region;
  }

  async describeRegions(): Promise<readonly string[]> {
    const res = await this.ecs.call('DescribeRegions', (c) => c.describeRegions(new $Ecs.DescribeRegionsRequest({})));
    return (res.body?.regions?.region ?? []).map((r) => r.regionId ?? '').filter(Boolean);
  }

  async describeZones(): Promise<readonly string[]> {
    const res = await this.ecs.call('DescribeZones', (c) =>
      c.describeZones(new $Ecs.DescribeZonesRequest({ regionId: this.regionId })),
    );
    return (res.body?.zones?.zone ?? []).map((z) => z.zoneId ?? '').filter(Boolean);
  }

  async runInstance(req: RunInstanceRequest): Promise<IaasNode> {
    const request = new $Ecs.RunInstancesRequest({
      regionId: this.regionId,
      zoneId: req.zone,
      imageId: req.imageId,
      instanceType: req.instanceType ?? pickInstanceType(req.cpu, req.memoryMiB),
      vSwitchId: req.subnetId,
      keyPairName: req.keyPairId,
      userData: req.userData === undefined ? undefined : Buffer.from(req.userData, 'utf8').toString('base64'),
      instanceName: req.name,
      instanceChargeType: 'PostPaid',
      amount: 1,
      clientToken: clientToken(req.token),
      tag: tagParams({ ...req.tags, [TOKEN_TAG]: req.token }).map((t) => new $Ecs.RunInstancesRequestTag(t)),
    });
    const res = await this.ecs.call('RunInstances', (c) => c.runInstances(request));
    const id = res.body?.instanceIdSets?.instanceIdSet?.[0];
    if (!id)
      throw new IaasError('PROVIDER_ERROR', 'NoInstanceId', 'Aliyun RunInstances answered without an instance id');
    const [node] = await this.describeInstances({ ids: [id] });
    return (
      node ?? {
        id,
        name: req.name,
        state: 'PENDING',
        rawState: 'Pending',
        zone: req.zone,
        tags: { ...req.tags, [TOKEN_TAG]: req.token },
      }
    );
  }

  async describeInstances(filter: Filter): Promise<readonly IaasNode[]> {
    if (filter.ids?.length === 0) return [];
    const nodes: IaasNode[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const request = new $Ecs.DescribeInstancesRequest({
        regionId: this.regionId,
        instanceIds: filter.ids ? JSON.stringify(filter.ids) : undefined,
        tag: filter.tags ? tagParams(filter.tags).map((t) => new $Ecs.DescribeInstancesRequestTag(t)) : undefined,
        pageNumber,
        pageSize: PAGE_SIZE,
      });
      const res = await this.ecs.call('DescribeInstances', (c) => c.describeInstances(request));
      const page = res.body?.instances?.instance ?? [];
      nodes.push(...page.map(toNode));
      if (page.length < PAGE_SIZE || nodes.length >= (res.body?.totalCount ?? 0)) return nodes;
    }
  }

  async findInstanceByToken(token: string, tags: MarinaTags): Promise<IaasNode | undefined> {
    const found = await this.describeInstances({ tags: { 'marina:task': tags['marina:task'], [TOKEN_TAG]: token } });
    return found[0];
  }

  async startInstances(ids: readonly string[]): Promise<void> {
    const todo = idsNeeding(this.provider, ids, await this.describeInstances({ ids }), START_PLAN);
    if (todo.length > 0)
      await this.ecs.call('StartInstances', (c) =>
        c.startInstances(new $Ecs.StartInstancesRequest({ regionId: this.regionId, instanceId: todo })),
      );
  }

  async stopInstances(ids: readonly string[]): Promise<void> {
    const todo = idsNeeding(this.provider, ids, await this.describeInstances({ ids }), STOP_PLAN);
    if (todo.length > 0)
      await this.ecs.call('StopInstances', (c) =>
        c.stopInstances(new $Ecs.StopInstancesRequest({ regionId: this.regionId, instanceId: todo })),
      );
  }

  async terminateInstances(ids: readonly string[]): Promise<void> {
    const present = (await this.describeInstances({ ids })).map((n) => n.id);
    if (present.length === 0) return;
    await this.ecs.call('DeleteInstances', (c) =>
      c.deleteInstances(new $Ecs.DeleteInstancesRequest({ regionId: this.regionId, instanceId: present, force: true })),
    );
  }

  async resizeInstance(id: string, spec: { cpu: number; memoryMiB: number; instanceType?: string }): Promise<void> {
    const instanceType = spec.instanceType ?? pickInstanceType(spec.cpu, spec.memoryMiB);
    await this.ecs.call('ModifyInstanceSpec', (c) =>
      c.modifyInstanceSpec(new $Ecs.ModifyInstanceSpecRequest({ instanceId: id, instanceType })),
    );
  }

  async createVolume(req: CreateVolumeRequest): Promise<IaasVolume> {
    const request = new $Ecs.CreateDiskRequest({
      regionId: this.regionId,
      zoneId: req.zone,
      size: req.sizeGiB,
      diskCategory: 'cloud_essd',
      diskName: req.name,
      clientToken: clientToken(req.token),
      tag: tagParams({ ...req.tags, [TOKEN_TAG]: req.token }).map((t) => new $Ecs.CreateDiskRequestTag(t)),
    });
    const res = await this.ecs.call('CreateDisk', (c) => c.createDisk(request));
    const id = res.body?.diskId;
    if (!id) throw new IaasError('PROVIDER_ERROR', 'NoDiskId', 'Aliyun CreateDisk answered without a disk id');
    const [volume] = await this.describeVolumes({ ids: [id] });
    return (
      volume ?? {
        id,
        name: req.name,
        state: 'CREATING',
        rawState: 'Creating',
        sizeGiB: req.sizeGiB,
        zone: req.zone,
        tags: req.tags,
      }
    );
  }

  async describeVolumes(filter: Filter): Promise<readonly IaasVolume[]> {
    if (filter.ids?.length === 0) return [];
    const volumes: IaasVolume[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const request = new $Ecs.DescribeDisksRequest({
        regionId: this.regionId,
        diskIds: filter.ids ? JSON.stringify(filter.ids) : undefined,
        tag: filter.tags ? tagParams(filter.tags).map((t) => new $Ecs.DescribeDisksRequestTag(t)) : undefined,
        pageNumber,
        pageSize: PAGE_SIZE,
      });
      const res = await this.ecs.call('DescribeDisks', (c) => c.describeDisks(request));
      const page = res.body?.disks?.disk ?? [];
      volumes.push(...page.map(toVolume));
      if (page.length < PAGE_SIZE || volumes.length >= (res.body?.totalCount ?? 0)) return volumes;
    }
  }

  private async volume(id: string): Promise<IaasVolume | undefined> {
    return (await this.describeVolumes({ ids: [id] }))[0];
  }

  async attachVolume(volumeId: string, instanceId: string): Promise<void> {
    const volume = await this.volume(volumeId);
    if (volume?.attachedTo === instanceId) return;
    await this.ecs.call('AttachDisk', (c) =>
      c.attachDisk(new $Ecs.AttachDiskRequest({ diskId: volumeId, instanceId })),
    );
  }

  async detachVolume(volumeId: string, instanceId: string): Promise<void> {
    const volume = await this.volume(volumeId);
    if (!volume || volume.attachedTo !== instanceId || volume.rawState === 'Detaching') return;
    await this.ecs.call('DetachDisk', (c) =>
      c.detachDisk(new $Ecs.DetachDiskRequest({ diskId: volumeId, instanceId })),
    );
  }

  async deleteVolume(volumeId: string): Promise<void> {
    if (!(await this.volume(volumeId))) return;
    await this.ecs.call('DeleteDisk', (c) => c.deleteDisk(new $Ecs.DeleteDiskRequest({ diskId: volumeId })));
  }

  async resizeVolume(volumeId: string, sizeGiB: number): Promise<void> {
    const volume = await this.volume(volumeId);
    if (!volume) throw new IaasError('NOT_FOUND', 'InvalidDiskId.NotFound', `Aliyun disk ${volumeId} does not exist`);
    if (volume.sizeGiB >= sizeGiB) return;
    const type = volume.rawState === 'In_use' ? 'online' : 'offline';
    await this.ecs.call('ResizeDisk', (c) =>
      c.resizeDisk(new $Ecs.ResizeDiskRequest({ diskId: volumeId, newSize: sizeGiB, type })),
    );
  }

  async describeVpcs(): Promise<readonly IaasNetwork[]> {
    const res = await this.ecs.call('DescribeVpcs', (c) =>
      c.describeVpcs(new $Ecs.DescribeVpcsRequest({ regionId: this.regionId, pageSize: 50 })),
    );
    return (res.body?.vpcs?.vpc ?? []).map((v) => ({ id: v.vpcId ?? '', name: v.vpcName ?? '', cidr: v.cidrBlock }));
  }

  async describeSubnets(vpcId?: string): Promise<readonly IaasSubnet[]> {
    const request = new $Ecs.DescribeVSwitchesRequest({ regionId: this.regionId, vpcId, pageSize: 50 });
    const res = await this.ecs.call('DescribeVSwitches', (c) => c.describeVSwitches(request));
    return (res.body?.vSwitches?.vSwitch ?? []).map((s) => ({
      id: s.vSwitchId ?? '',
      name: s.vSwitchName ?? '',
      vpcId: s.vpcId ?? '',
      zone: s.zoneId,
      cidr: s.cidrBlock,
    }));
  }

  /** Imports a public key; a key pair of that name already there is returned as it is. */
  async importKeyPair(name: string, publicKey: string): Promise<IaasKeyPair> {
    try {
      const request = new $Ecs.ImportKeyPairRequest({
        regionId: this.regionId,
        keyPairName: name,
        publicKeyBody: publicKey,
      });
      const res = await this.ecs.call('ImportKeyPair', (c) => c.importKeyPair(request));
      return { id: name, name, fingerprint: res.body?.keyPairFingerPrint };
    } catch (err) {
      const existing =
        err instanceof IaasError && err.providerCode === 'KeyPair.AlreadyExist'
          ? (await this.describeKeyPairs()).find((k) => k.name === name)
          : undefined;
      if (!existing) throw err;
      return existing;
    }
  }

  async describeKeyPairs(): Promise<readonly IaasKeyPair[]> {
    const res = await this.ecs.call('DescribeKeyPairs', (c) =>
      c.describeKeyPairs(new $Ecs.DescribeKeyPairsRequest({ regionId: this.regionId, pageSize: 50 })),
    );
    return (res.body?.keyPairs?.keyPair ?? []).map((k) => ({
      id: k.keyPairName ?? '',
      name: k.keyPairName ?? '',
      fingerprint: k.keyPairFingerPrint,
    }));
  }

  async deleteKeyPair(id: string): Promise<void> {
    const request = new $Ecs.DeleteKeyPairsRequest({ regionId: this.regionId, keyPairNames: JSON.stringify([id]) });
    await this.ecs.call('DeleteKeyPairs', (c) => c.deleteKeyPairs(request));
  }

  /** Tags instances (`i-…`), disks (`d-…`) and key pairs (any other id: ECS names key pairs by name). */
  async tagResources(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    const byType = new Map<string, string[]>();
    for (const id of ids) {
      const type = id.startsWith('i-') ? 'instance' : id.startsWith('d-') ? 'disk' : 'keypair';
      byType.set(type, [...(byType.get(type) ?? []), id]);
    }
    for (const [resourceType, resourceId] of byType) {
      const tag = tagParams(tags).map((t) => new $Ecs.TagResourcesRequestTag(t));
      await this.ecs.call('TagResources', (c) =>
        c.tagResources(new $Ecs.TagResourcesRequest({ regionId: this.regionId, resourceType, resourceId, tag })),
      );
    }
  }
}
