/**
 * QingCloud JSON shapes to Marina's IaaS shapes, and the naming and paging the client's parts share.
 */
import type { IaasNode, IaasVolume } from '../iaas.types';
import type { QcInstanceJson, QcVolumeJson } from './qingcloud.api';
import { qingcloudNodeState, qingcloudVolumeState } from './qingcloud.states';
import { tagsFromJson } from './qingcloud.tags';

/** Which resources a describe call returns: these ids, carrying all of these tags. */
export type ResourceFilter = { ids?: readonly string[]; tags?: Readonly<Record<string, string>> };

/** Page size of every paged describe call. */
export const PAGE = 100;

/**
 * QingCloud has no client token. Idempotency is find-before-create: the resource's name carries the
 * token (`<name> [<token>]`, found with `search_word`), so an instance whose RunInstances answer was
 * lost — even before its tags were attached — is found, its tags repaired, and never created twice.
 */
export function nameWithToken(name: string, token: string): string {
  return `${name} [${token}]`;
}

export function toNode(i: QcInstanceJson): IaasNode {
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

export function toVolume(v: QcVolumeJson): IaasVolume {
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
