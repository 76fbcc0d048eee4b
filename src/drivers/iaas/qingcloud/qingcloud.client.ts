import { randomBytes } from 'node:crypto';
import { idsNeeding, START_PLAN, STOP_PLAN } from '../state-plan';
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
import type { QcInstanceJson, QcVolumeJson, QingCloudApi } from './qingcloud.api';
import { qingcloudNodeState, qingcloudVolumeState } from './qingcloud.states';
import { hasTags, QingCloudTagBook, tagsFromJson } from './qingcloud.tags';

type Filter = { ids?: readonly string[]; tags?: Readonly<Record<string, string>> };

const LIVE_INSTANCE = ['pending', 'running', 'stopped', 'suspended'];
const LIVE_VOLUME = ['pending', 'available', 'in-use', 'suspended'];
const CPUS = [1, 2, 4, 8, 12, 16, 24, 32, 64];
const PAGE = 100;

/**
 * QingCloud has no client token. Idempotency is find-before-create: the resource's name carries the
 * token (`<name> [<token>]`, found with `search_word`), so an instance whose RunInstances answer was
 * lost — even before its tags were attached — is found, its tags repaired, and never created twice.
 */
export function nameWithToken(name: string, token: string): string {
  return `${name} [${token}]`;
}

function toNode(i: QcInstanceJson): IaasNode {
  return {
    id: i.instance_id,
    name: i.instance_name,
    state: qingcloudNodeState(i.status, i.transition_status),
    rawState: i.transition_status ? `${i.status}/${i.transition_status}` : i.status,
    zone: i.zone_id ?? '',
    privateIp: i.vxnets?.[0]?.private_ip || undefined,
    instanceType: i.instance_type,
    tags: tagsFromJson(i.tags),
  };
}

function toVolume(v: QcVolumeJson): IaasVolume {
  return {
    id: v.volume_id,
    name: v.volume_name,
    state: qingcloudVolumeState(v.status, v.transition_status),
    rawState: v.transition_status ? `${v.status}/${v.transition_status}` : v.status,
    sizeGiB: v.size,
    zone: v.zone_id ?? '',
    attachedTo: v.instance?.instance_id || undefined,
    device: v.status === 'in-use' && !v.transition_status ? v.instance?.device || undefined : undefined,
    tags: tagsFromJson(v.tags),
  };
}

/** Volume sizes are multiples of 10 GiB. */
const roundSize = (gib: number) => Math.max(10, Math.ceil(gib / 10) * 10);

/** IaasClient over our signed QingCloud client; start/stop/terminate/attach/detach observe first. */
export class QingCloudIaasClient implements IaasClient {
  readonly provider = 'QINGCLOUD' as const;
  private readonly tagBook: QingCloudTagBook;

  constructor(private readonly api: QingCloudApi) {
    this.tagBook = new QingCloudTagBook(api);
  }

  /**
   * QingCloud has no regions: every call names a `zone`, which may be a zone (pek3a) or a region
   * zone (pek3) covering several. Both are what a credential's region can be, so both are listed.
   */
  async describeRegions(): Promise<readonly string[]> {
    const { zone_set } = await this.api.describeZones();
    return zone_set.map((z) => z.zone_id);
  }

  /** The zones of the credential's region (checked by the service: an unknown one is WRONG_REGION). */
  async describeZones(): Promise<readonly string[]> {
    const region = this.api.transport.zone;
    const { zone_set } = await this.api.describeZones();
    const zones = zone_set.map((z) => z.zone_id).filter((z) => z !== region && z.startsWith(region));
    return zones.length > 0 ? zones : [region];
  }

  async runInstance(req: RunInstanceRequest): Promise<IaasNode> {
    const existing = await this.findInstanceByToken(req.token, req.tags);
    if (existing) return existing;
    const { instances } = await this.api.runInstances({
      zone: req.zone,
      image_id: req.imageId,
      ...(req.instanceType
        ? { instance_type: req.instanceType }
        : {
            cpu: CPUS.find((c) => c >= req.cpu) ?? 64,
            memory: Math.max(1024, Math.ceil(req.memoryMiB / 1024) * 1024),
          }),
      count: 1,
      instance_name: nameWithToken(req.name, req.token),
      ...(req.keyPairId
        ? { login_mode: 'keypair', login_keypair: req.keyPairId }
        : { login_mode: 'passwd', login_passwd: `Mr${randomBytes(12).toString('base64url')}9` }),
      vxnets: req.subnetId ? [req.subnetId] : undefined,
      ...(req.userData === undefined
        ? {}
        : { need_userdata: 1, userdata_type: 'plain', userdata_value: Buffer.from(req.userData).toString('base64') }),
    });
    const id = instances[0];
    if (!id)
      throw new IaasError('PROVIDER_ERROR', 'NoInstanceId', 'QingCloud RunInstances answered without an instance id');
    await this.tagBook.attach('instance', id, req.tags);
    const [node] = await this.describeInstances({ ids: [id] });
    return (
      node ?? {
        id,
        name: nameWithToken(req.name, req.token),
        state: 'PENDING',
        rawState: 'pending',
        zone: req.zone,
        tags: req.tags,
      }
    );
  }

  async describeInstances(filter: Filter): Promise<readonly IaasNode[]> {
    return (await this.instances(filter)).map(toNode);
  }

  private async instances(
    filter: Filter & { search_word?: string; status?: readonly string[] },
  ): Promise<QcInstanceJson[]> {
    if (filter.ids?.length === 0) return [];
    const tagIds = filter.tags ? await this.tagBook.find(filter.tags) : undefined;
    if (filter.tags && !tagIds) return [];
    const found: QcInstanceJson[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { instance_set, total_count } = await this.api.describeInstances({
        instances: filter.ids,
        tags: tagIds,
        search_word: filter.search_word,
        status: filter.status,
        verbose: 1,
        offset,
        limit: PAGE,
      });
      found.push(...instance_set);
      if (instance_set.length < PAGE || found.length >= total_count) break;
    }
    return filter.tags ? found.filter((i) => hasTags(tagsFromJson(i.tags), filter.tags ?? {})) : found;
  }

  /** The live instance whose name carries the token; its Marina tags are attached again if they were lost. */
  async findInstanceByToken(token: string, tags: MarinaTags): Promise<IaasNode | undefined> {
    const suffix = nameWithToken('', token);
    const found = (await this.instances({ search_word: token, status: LIVE_INSTANCE })).find((i) =>
      i.instance_name.endsWith(suffix),
    );
    if (!found) return undefined;
    if (!hasTags(tagsFromJson(found.tags), tags)) {
      await this.tagBook.attach('instance', found.instance_id, tags);
      return (await this.describeInstances({ ids: [found.instance_id] }))[0];
    }
    return toNode(found);
  }

  async startInstances(ids: readonly string[]): Promise<void> {
    const todo = idsNeeding(this.provider, ids, await this.describeInstances({ ids }), START_PLAN);
    if (todo.length > 0) await this.api.startInstances(todo);
  }

  async stopInstances(ids: readonly string[]): Promise<void> {
    const todo = idsNeeding(this.provider, ids, await this.describeInstances({ ids }), STOP_PLAN);
    if (todo.length > 0) await this.api.stopInstances(todo);
  }

  async terminateInstances(ids: readonly string[]): Promise<void> {
    const nodes = (await this.describeInstances({ ids })).filter(
      (n) => n.state !== 'TERMINATED' && n.state !== 'TERMINATING',
    );
    if (nodes.length > 0) await this.api.terminateInstances(nodes.map((n) => n.id));
  }

  async resizeInstance(id: string, spec: { cpu: number; memoryMiB: number; instanceType?: string }): Promise<void> {
    const shape = spec.instanceType
      ? { instance_type: spec.instanceType }
      : { cpu: CPUS.find((c) => c >= spec.cpu) ?? 64, memory: Math.max(1024, Math.ceil(spec.memoryMiB / 1024) * 1024) };
    await this.api.resizeInstances({ instances: [id], ...shape });
  }

  async createVolume(req: CreateVolumeRequest): Promise<IaasVolume> {
    const suffix = nameWithToken('', req.token);
    const existing = (
      await this.api.describeVolumes({ search_word: req.token, status: LIVE_VOLUME, limit: PAGE })
    ).volume_set.find((v) => v.volume_name.endsWith(suffix));
    if (existing) {
      if (!hasTags(tagsFromJson(existing.tags), req.tags))
        await this.tagBook.attach('volume', existing.volume_id, req.tags);
      return (await this.describeVolumes({ ids: [existing.volume_id] }))[0] ?? toVolume(existing);
    }
    const { volumes } = await this.api.createVolumes({
      zone: req.zone,
      size: roundSize(req.sizeGiB),
      volume_name: nameWithToken(req.name, req.token),
      count: 1,
    });
    const id = volumes[0];
    if (!id)
      throw new IaasError('PROVIDER_ERROR', 'NoVolumeId', 'QingCloud CreateVolumes answered without a volume id');
    await this.tagBook.attach('volume', id, req.tags);
    const [volume] = await this.describeVolumes({ ids: [id] });
    return (
      volume ?? {
        id,
        name: nameWithToken(req.name, req.token),
        state: 'CREATING',
        rawState: 'pending',
        sizeGiB: roundSize(req.sizeGiB),
        zone: req.zone,
        tags: req.tags,
      }
    );
  }

  async describeVolumes(filter: Filter): Promise<readonly IaasVolume[]> {
    if (filter.ids?.length === 0) return [];
    const tagIds = filter.tags ? await this.tagBook.find(filter.tags) : undefined;
    if (filter.tags && !tagIds) return [];
    const found: QcVolumeJson[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { volume_set, total_count } = await this.api.describeVolumes({
        volumes: filter.ids,
        tags: tagIds,
        verbose: 1,
        offset,
        limit: PAGE,
      });
      found.push(...volume_set);
      if (volume_set.length < PAGE || found.length >= total_count) break;
    }
    return found.map(toVolume).filter((v) => !filter.tags || hasTags(v.tags, filter.tags));
  }

  private async volume(id: string): Promise<IaasVolume | undefined> {
    return (await this.describeVolumes({ ids: [id] })).find((v) => v.state !== 'DELETED');
  }

  async attachVolume(volumeId: string, instanceId: string): Promise<void> {
    if ((await this.volume(volumeId))?.attachedTo === instanceId) return;
    await this.api.attachVolumes([volumeId], instanceId);
  }

  async detachVolume(volumeId: string, instanceId: string): Promise<void> {
    const volume = await this.volume(volumeId);
    if (!volume || volume.attachedTo !== instanceId || volume.rawState.endsWith('/detaching')) return;
    await this.api.detachVolumes([volumeId], instanceId);
  }

  async deleteVolume(volumeId: string): Promise<void> {
    const volume = await this.volume(volumeId);
    if (!volume || volume.state === 'DELETING') return;
    await this.api.deleteVolumes([volumeId]);
  }

  /** QingCloud resizes detached volumes only, to a multiple of 10 GiB. */
  async resizeVolume(volumeId: string, sizeGiB: number): Promise<void> {
    const volume = await this.volume(volumeId);
    if (!volume) throw new IaasError('NOT_FOUND', '2100', `QingCloud volume ${volumeId} does not exist`);
    if (volume.sizeGiB >= roundSize(sizeGiB)) return;
    await this.api.resizeVolumes([volumeId], roundSize(sizeGiB));
  }

  /** A QingCloud VPC is a router; its vxnets are the subnets. */
  async describeVpcs(): Promise<readonly IaasNetwork[]> {
    const { router_set } = await this.api.describeRouters({ limit: PAGE });
    return router_set.map((r) => ({ id: r.router_id, name: r.router_name, cidr: r.vpc_network }));
  }

  async describeSubnets(vpcId?: string): Promise<readonly IaasSubnet[]> {
    const { vxnet_set } = await this.api.describeVxnets({ verbose: 1, limit: PAGE });
    return vxnet_set
      .filter((v) => v.vpc_router_id && (!vpcId || v.vpc_router_id === vpcId))
      .map((v) => ({
        id: v.vxnet_id,
        name: v.vxnet_name,
        vpcId: v.vpc_router_id ?? '',
        zone: v.zone_id,
        cidr: v.router?.ip_network,
      }));
  }

  /** Registers a public key (mode=user); a key pair of that name with the same key is returned as it is. */
  async importKeyPair(name: string, publicKey: string): Promise<IaasKeyPair> {
    const { keypair_set } = await this.api.describeKeyPairs({ search_word: name, limit: PAGE });
    const same = keypair_set.find((k) => k.keypair_name === name && k.pub_key?.trim() === publicKey.trim());
    if (same) return { id: same.keypair_id, name };
    const { keypair_id } = await this.api.createKeyPair({
      keypair_name: name,
      mode: 'user',
      public_key: publicKey.trim(),
    });
    return { id: keypair_id, name };
  }

  async describeKeyPairs(): Promise<readonly IaasKeyPair[]> {
    const { keypair_set } = await this.api.describeKeyPairs({ limit: PAGE });
    return keypair_set.map((k) => ({ id: k.keypair_id, name: k.keypair_name }));
  }

  async deleteKeyPair(id: string): Promise<void> {
    await this.api.deleteKeyPairs([id]);
  }

  /** Tags instances (`i-…`), volumes (`vol-…`) and key pairs (`kp-…`). */
  async tagResources(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    for (const id of ids) {
      const type = id.startsWith('i-')
        ? 'instance'
        : id.startsWith('vol-')
          ? 'volume'
          : id.startsWith('kp-')
            ? 'keypair'
            : undefined;
      if (!type)
        throw new IaasError(
          'INVALID_PARAMETER',
          'ResourceType',
          `QingCloud cannot tag ${id}: not an instance, volume or key pair`,
        );
      await this.tagBook.attach(type, id, tags);
    }
  }
}
