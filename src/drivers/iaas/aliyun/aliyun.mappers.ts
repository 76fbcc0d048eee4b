import type * as $Ecs from '@alicloud/ecs20140526';
import type { IaasNode, IaasVolume } from '../iaas.types';
import { aliyunNodeState, aliyunVolumeState } from './aliyun.states';

type TagRow = { tagKey?: string; tagValue?: string };

export function tagsOf(rows: readonly TagRow[] | undefined): Record<string, string> {
  return Object.fromEntries((rows ?? []).filter((t) => t.tagKey).map((t) => [t.tagKey as string, t.tagValue ?? '']));
}

export function toNode(i: $Ecs.DescribeInstancesResponseBodyInstancesInstance): IaasNode {
  return {
    id: i.instanceId ?? '',
    name: i.instanceName ?? '',
    state: aliyunNodeState(i.status),
    rawState: i.status ?? '',
    zone: i.zoneId ?? '',
    privateIp: i.vpcAttributes?.privateIpAddress?.ipAddress?.[0],
    instanceType: i.instanceType,
    tags: tagsOf(i.tags?.tag),
  };
}

export function toVolume(d: $Ecs.DescribeDisksResponseBodyDisksDisk): IaasVolume {
  return {
    id: d.diskId ?? '',
    name: d.diskName ?? '',
    state: aliyunVolumeState(d.status),
    rawState: d.status ?? '',
    sizeGiB: d.size ?? 0,
    zone: d.zoneId ?? '',
    attachedTo: d.instanceId || undefined,
    device: d.status === 'In_use' ? d.device || undefined : undefined,
    tags: tagsOf(d.tags?.tag),
  };
}

/** `[{ key, value }]` for the SDK's Tag.N parameters. */
export function tagParams(tags: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
