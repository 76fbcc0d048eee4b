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
import type { QcInstanceJson, QingCloudApi } from './qingcloud.api';
import { nameWithToken, PAGE, toNode, type ResourceFilter } from './qingcloud.mappers';
import * as networks from './qingcloud.networks';
import { hasTags, QingCloudTagBook, tagsFromJson } from './qingcloud.tags';
import * as volumes from './qingcloud.volumes';

const LIVE_INSTANCE = ['pending', 'running', 'stopped', 'suspended'];
const CPUS = [1, 2, 4, 8, 12, 16, 24, 32, 64];

/**
 * IaasClient over our signed QingCloud client; start/stop/terminate/attach/detach observe first.
 * Instances live here; volumes (qingcloud.volumes.ts) and networks, key pairs and tags
 * (qingcloud.networks.ts) are delegated.
 */
export class QingCloudIaasClient implements IaasClient {
  readonly provider = 'QINGCLOUD' as const;
  private readonly deps: volumes.VolumeDeps;

  constructor(api: QingCloudApi) {
    this.deps = { api, tagBook: new QingCloudTagBook(api) };
  }

  /**
   * QingCloud has no regions: every call names a `zone`, which may be a zone (pek3a) or a region
   * zone (pek3) covering several. Both are what a credential's region can be, so both are listed.
   */
  async describeRegions(): Promise<readonly string[]> {
    const { zone_set } = await this.deps.api.describeZones();
    return zone_set.map((z) => z.zone_id);
  }

  /** The zones of the credential's region (checked by the service: an unknown one is WRONG_REGION). */
  async describeZones(): Promise<readonly string[]> {
    const region = this.deps.api.transport.zone;
    const { zone_set } = await this.deps.api.describeZones();
    const zones = zone_set.map((z) => z.zone_id).filter((z) => z !== region && z.startsWith(region));
    return zones.length > 0 ? zones : [region];
  }

  async runInstance(req: RunInstanceRequest): Promise<IaasNode> {
    const existing = await this.findInstanceByToken(req.token, req.tags);
    if (existing) return existing;
    const { instances } = await this.deps.api.runInstances({
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
    await this.deps.tagBook.attach('instance', id, req.tags);
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

  async describeInstances(filter: ResourceFilter): Promise<readonly IaasNode[]> {
    return (await this.instances(filter)).map(toNode);
  }

  private async instances(
    filter: ResourceFilter & { search_word?: string; status?: readonly string[] },
  ): Promise<QcInstanceJson[]> {
    if (filter.ids?.length === 0) return [];
    const tagIds = filter.tags ? await this.deps.tagBook.find(filter.tags) : undefined;
    if (filter.tags && !tagIds) return [];
    const found: QcInstanceJson[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { instance_set, total_count } = await this.deps.api.describeInstances({
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
      await this.deps.tagBook.attach('instance', found.instance_id, tags);
      return (await this.describeInstances({ ids: [found.instance_id] }))[0];
    }
    return toNode(found);
  }

  async startInstances(ids: readonly string[]): Promise<void> {
    const todo = idsNeeding(this.provider, ids, await this.describeInstances({ ids }), START_PLAN);
    if (todo.length > 0) await this.deps.api.startInstances(todo);
  }

  async stopInstances(ids: readonly string[]): Promise<void> {
    const todo = idsNeeding(this.provider, ids, await this.describeInstances({ ids }), STOP_PLAN);
    if (todo.length > 0) await this.deps.api.stopInstances(todo);
  }

  async terminateInstances(ids: readonly string[]): Promise<void> {
    const nodes = (await this.describeInstances({ ids })).filter(
      (n) => n.state !== 'TERMINATED' && n.state !== 'TERMINATING',
    );
    if (nodes.length > 0) await this.deps.api.terminateInstances(nodes.map((n) => n.id));
  }

  async resizeInstance(id: string, spec: { cpu: number; memoryMiB: number; instanceType?: string }): Promise<void> {
    const shape = spec.instanceType
      ? { instance_type: spec.instanceType }
      : { cpu: CPUS.find((c) => c >= spec.cpu) ?? 64, memory: Math.max(1024, Math.ceil(spec.memoryMiB / 1024) * 1024) };
    await this.deps.api.resizeInstances({ instances: [id], ...shape });
  }

  createVolume(req: CreateVolumeRequest): Promise<IaasVolume> {
    return volumes.createVolume(this.deps, req);
  }

  describeVolumes(filter: ResourceFilter): Promise<readonly IaasVolume[]> {
    return volumes.describeVolumes(this.deps, filter);
  }

  attachVolume(volumeId: string, instanceId: string): Promise<void> {
    return volumes.attachVolume(this.deps, volumeId, instanceId);
  }

  detachVolume(volumeId: string, instanceId: string): Promise<void> {
    return volumes.detachVolume(this.deps, volumeId, instanceId);
  }

  deleteVolume(volumeId: string): Promise<void> {
    return volumes.deleteVolume(this.deps, volumeId);
  }

  resizeVolume(volumeId: string, sizeGiB: number): Promise<void> {
    return volumes.resizeVolume(this.deps, volumeId, sizeGiB);
  }

  describeVpcs(): Promise<readonly IaasNetwork[]> {
    return networks.describeVpcs(this.deps.api);
  }

  describeSubnets(vpcId?: string): Promise<readonly IaasSubnet[]> {
    return networks.describeSubnets(this.deps.api, vpcId);
  }

  importKeyPair(name: string, publicKey: string): Promise<IaasKeyPair> {
    return networks.importKeyPair(this.deps.api, name, publicKey);
  }

  describeKeyPairs(): Promise<readonly IaasKeyPair[]> {
    return networks.describeKeyPairs(this.deps.api);
  }

  deleteKeyPair(id: string): Promise<void> {
    return networks.deleteKeyPair(this.deps.api, id);
  }

  tagResources(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void> {
    return networks.tagResources(this.deps.tagBook, ids, tags);
  }
}
