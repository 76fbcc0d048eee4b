/**
 * Volume operations of the QingCloud adapter. Creation is find-before-create by the token in the
 * name (qingcloud.mappers.ts); attach, detach, delete and resize observe first so repeating one is
 * harmless.
 */
import { IaasError, type CreateVolumeRequest, type IaasVolume } from '../iaas.types';
import type { QcVolumeJson, QingCloudApi } from './qingcloud.api';
import { nameWithToken, PAGE, toVolume, type ResourceFilter } from './qingcloud.mappers';
import { hasTags, tagsFromJson, type QingCloudTagBook } from './qingcloud.tags';

/** What the volume operations call through. */
export interface VolumeDeps {
  readonly api: QingCloudApi;
  readonly tagBook: QingCloudTagBook;
}

const LIVE_VOLUME = ['pending', 'available', 'in-use', 'suspended'];

/** Volume sizes are multiples of 10 GiB. */
const roundSize = (gib: number) => Math.max(10, Math.ceil(gib / 10) * 10);

export async function createVolume(deps: VolumeDeps, req: CreateVolumeRequest): Promise<IaasVolume> {
  const suffix = nameWithToken('', req.token);
  const existing = (
    await deps.api.describeVolumes({ search_word: req.token, status: LIVE_VOLUME, limit: PAGE })
  ).volume_set.find((v) => v.volume_name.endsWith(suffix));
  if (existing) {
    if (!hasTags(tagsFromJson(existing.tags), req.tags))
      await deps.tagBook.attach('volume', existing.volume_id, req.tags);
    return (await describeVolumes(deps, { ids: [existing.volume_id] }))[0] ?? toVolume(existing);
  }
  const { volumes } = await deps.api.createVolumes({
    zone: req.zone,
    size: roundSize(req.sizeGiB),
    volume_name: nameWithToken(req.name, req.token),
    count: 1,
  });
  const id = volumes[0];
  if (!id) throw new IaasError('PROVIDER_ERROR', 'NoVolumeId', 'QingCloud CreateVolumes answered without a volume id');
  await deps.tagBook.attach('volume', id, req.tags);
  const [volume] = await describeVolumes(deps, { ids: [id] });
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

export async function describeVolumes(deps: VolumeDeps, filter: ResourceFilter): Promise<readonly IaasVolume[]> {
  if (filter.ids?.length === 0) return [];
  const tagIds = filter.tags ? await deps.tagBook.find(filter.tags) : undefined;
  if (filter.tags && !tagIds) return [];
  const found: QcVolumeJson[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { volume_set, total_count } = await deps.api.describeVolumes({
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

async function liveVolume(deps: VolumeDeps, id: string): Promise<IaasVolume | undefined> {
  return (await describeVolumes(deps, { ids: [id] })).find((v) => v.state !== 'DELETED');
}

export async function attachVolume(deps: VolumeDeps, volumeId: string, instanceId: string): Promise<void> {
  if ((await liveVolume(deps, volumeId))?.attachedTo === instanceId) return;
  await deps.api.attachVolumes([volumeId], instanceId);
}

export async function detachVolume(deps: VolumeDeps, volumeId: string, instanceId: string): Promise<void> {
  const volume = await liveVolume(deps, volumeId);
  if (!volume || volume.attachedTo !== instanceId || volume.rawState.endsWith('/detaching')) return;
  await deps.api.detachVolumes([volumeId], instanceId);
}

export async function deleteVolume(deps: VolumeDeps, volumeId: string): Promise<void> {
  const volume = await liveVolume(deps, volumeId);
  if (!volume || volume.state === 'DELETING') return;
  await deps.api.deleteVolumes([volumeId]);
}

/** QingCloud resizes detached volumes only, to a multiple of 10 GiB. */
export async function resizeVolume(deps: VolumeDeps, volumeId: string, sizeGiB: number): Promise<void> {
  const volume = await liveVolume(deps, volumeId);
  if (!volume) throw new IaasError('NOT_FOUND', '2100', `QingCloud volume ${volumeId} does not exist`);
  if (volume.sizeGiB >= roundSize(sizeGiB)) return;
  await deps.api.resizeVolumes([volumeId], roundSize(sizeGiB));
}
