/**
 * EC2 SDK shapes to Marina's IaaS shapes, and Marina's tags to EC2's tag parameters.
 */
import type {
  Filter,
  Instance,
  KeyPairInfo,
  ResourceType,
  Subnet,
  Tag,
  TagSpecification,
  Volume,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { IaasKeyPair, IaasNetwork, IaasNode, IaasSubnet, IaasVolume } from '../iaas.types';
import { nodeStateOf, volumeStateOf } from './aws.states';

export function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function toTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The same tags on every resource type a call creates. */
export function tagSpecifications(
  types: readonly ResourceType[],
  tags: Readonly<Record<string, string>>,
): TagSpecification[] {
  return types.map((ResourceType) => ({ ResourceType, Tags: toTags(tags) }));
}

/** `tag:<key>` filters (all must match). */
export function tagFilters(tags: Readonly<Record<string, string>> | undefined): Filter[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
}

export function toNode(i: Instance): IaasNode {
  const tags = tagsOf(i.Tags);
  const id = i.InstanceId ?? '';
  return {
    id,
    name: tags.Name ?? id,
    state: nodeStateOf(i.State?.Name),
    rawState: i.State?.Name ?? '',
    zone: i.Placement?.AvailabilityZone ?? '',
    privateIp: i.PrivateIpAddress,
    instanceType: i.InstanceType,
    tags,
  };
}

export function toVolume(v: Volume): IaasVolume {
  const tags = tagsOf(v.Tags);
  const id = v.VolumeId ?? '';
  const attachment = v.Attachments?.[0];
  return {
    id,
    name: tags.Name ?? id,
    state: volumeStateOf(v.State),
    rawState: v.State ?? '',
    sizeGiB: v.Size ?? 0,
    zone: v.AvailabilityZone ?? '',
    attachedTo: attachment?.InstanceId,
    device: attachment?.Device,
    tags,
  };
}

export function toNetwork(v: Vpc): IaasNetwork {
  return { id: v.VpcId ?? '', name: tagsOf(v.Tags).Name ?? v.VpcId ?? '', cidr: v.CidrBlock };
}

export function toSubnet(s: Subnet): IaasSubnet {
  return {
    id: s.SubnetId ?? '',
    name: tagsOf(s.Tags).Name ?? s.SubnetId ?? '',
    vpcId: s.VpcId ?? '',
    zone: s.AvailabilityZone,
    cidr: s.CidrBlock,
  };
}

export function toKeyPair(k: KeyPairInfo): IaasKeyPair {
  return { id: k.KeyPairId ?? '', name: k.KeyName ?? '', fingerprint: k.KeyFingerprint };
}

/** Device names EC2 recommends for EBS data volumes on Linux, in the order Marina uses them. */
const DATA_DEVICES = 'fghijklmnop'.split('').map((letter) => `/dev/sd${letter}`);

/** The first data device the instance does not use yet (`/dev/sdX` and `/dev/xvdX` are the same slot). */
export function freeDevice(instance: Instance): string | undefined {
  const used = new Set(
    (instance.BlockDeviceMappings ?? []).map((m) => (m.DeviceName ?? '').replace(/^\/dev\/xvd/, '/dev/sd')),
  );
  return DATA_DEVICES.find((d) => !used.has(d));
}
