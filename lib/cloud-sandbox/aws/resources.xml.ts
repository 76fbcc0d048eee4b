/**
 * EC2's XML shapes for the sandbox's resources (element names as in the 2016-11-15 API's
 * responses), shared by the actions that create, change and describe them.
 */
import type {
  Ec2Model,
  InstanceRecord,
  InstanceStateName,
  KeyPairRecord,
  SubnetRecord,
  VolumeRecord,
  VpcRecord,
} from './ec2.model';
import { itemSet, leaf, node, tagSet, type XmlChild, type XmlNode } from './xml.writer';

/** EC2's numeric instance state codes (the low byte of `instanceState.code`). */
const INSTANCE_STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export function instanceState(name: string, state: InstanceStateName): XmlNode {
  return node(name, leaf('code', INSTANCE_STATE_CODES[state]), leaf('name', state));
}

function attachedVolumes(model: Ec2Model, instanceId: string): VolumeRecord[] {
  return Object.values(model.state.volumes).filter((v) => v.attachment?.instanceId === instanceId);
}

export function instanceItem(model: Ec2Model, i: InstanceRecord, region: string): XmlChild[] {
  return [
    leaf('instanceId', i.id),
    leaf('imageId', i.imageId),
    instanceState('instanceState', i.state),
    leaf('privateDnsName', `${i.id}.${region}.compute.internal`),
    leaf('dnsName', ''),
    leaf('reason', i.stateReason ?? ''),
    leaf('keyName', i.keyName),
    leaf('amiLaunchIndex', i.launchIndex),
    leaf('instanceType', i.instanceType),
    leaf('launchTime', i.launchTime),
    node('placement', leaf('availabilityZone', i.zone), leaf('groupName', ''), leaf('tenancy', 'default')),
    node('monitoring', leaf('state', 'disabled')),
    leaf('subnetId', i.subnetId),
    leaf('vpcId', i.vpcId),
    leaf('privateIpAddress', i.privateIp),
    leaf('sourceDestCheck', true),
    i.stateReason
      ? node('stateReason', leaf('code', i.stateReason.split(':')[0]), leaf('message', i.stateReason))
      : undefined,
    leaf('architecture', 'x86_64'),
    leaf('rootDeviceType', 'ebs'),
    leaf('rootDeviceName', '/dev/xvda'),
    itemSet('blockDeviceMapping', attachedVolumes(model, i.id), (v) => [
      leaf('deviceName', v.attachment!.device),
      node(
        'ebs',
        leaf('volumeId', v.id),
        leaf('status', v.attachment!.state),
        leaf('attachTime', v.attachment!.attachTime),
        leaf('deleteOnTermination', false),
      ),
    ]),
    leaf('virtualizationType', 'hvm'),
    leaf('clientToken', i.clientToken ?? ''),
    tagSet(model.tagsOf(i.id)),
    leaf('hypervisor', 'xen'),
    leaf('ebsOptimized', false),
  ];
}

/** A reservation (`reservationSet` item): instances launched by one RunInstances call. */
export function reservation(
  model: Ec2Model,
  reservationId: string,
  instances: readonly InstanceRecord[],
  region: string,
): XmlChild[] {
  return [
    leaf('reservationId', reservationId),
    leaf('ownerId', model.state.ownerId),
    node('groupSet'),
    itemSet('instancesSet', instances, (i) => instanceItem(model, i, region)),
  ];
}

export function volumeFields(model: Ec2Model, v: VolumeRecord): XmlChild[] {
  return [
    leaf('volumeId', v.id),
    leaf('size', v.sizeGiB),
    leaf('snapshotId', ''),
    leaf('availabilityZone', v.zone),
    leaf('status', v.state),
    leaf('createTime', v.createTime),
    itemSet('attachmentSet', v.attachment ? [v.attachment] : [], (a) => attachmentFields(v.id, a)),
    leaf('volumeType', v.volumeType),
    leaf('encrypted', false),
    leaf('multiAttachEnabled', false),
    tagSet(model.tagsOf(v.id)),
  ];
}

export function attachmentFields(volumeId: string, a: NonNullable<VolumeRecord['attachment']>): XmlChild[] {
  return [
    leaf('volumeId', volumeId),
    leaf('instanceId', a.instanceId),
    leaf('device', a.device),
    leaf('status', a.state),
    leaf('attachTime', a.attachTime),
    leaf('deleteOnTermination', false),
  ];
}

export function vpcFields(model: Ec2Model, v: VpcRecord): XmlChild[] {
  return [
    leaf('vpcId', v.id),
    leaf('state', 'available'),
    leaf('cidrBlock', v.cidr),
    leaf('dhcpOptionsId', 'default'),
    leaf('instanceTenancy', 'default'),
    leaf('isDefault', v.isDefault),
    leaf('ownerId', model.state.ownerId),
    tagSet(model.tagsOf(v.id)),
  ];
}

function freeAddresses(cidr: string): number {
  return 2 ** (32 - Number(cidr.split('/')[1])) - 5; // EC2 reserves five addresses per subnet
}

export function subnetFields(model: Ec2Model, s: SubnetRecord, region: string): XmlChild[] {
  return [
    leaf('subnetId', s.id),
    leaf('state', 'available'),
    leaf('vpcId', s.vpcId),
    leaf('cidrBlock', s.cidr),
    leaf('availableIpAddressCount', freeAddresses(s.cidr)),
    leaf('availabilityZone', s.zone),
    leaf('defaultForAz', s.defaultForAz),
    leaf('mapPublicIpOnLaunch', s.defaultForAz),
    leaf('ownerId', model.state.ownerId),
    leaf('subnetArn', `arn:aws:ec2:${region}:${model.state.ownerId}:subnet/${s.id}`),
    tagSet(model.tagsOf(s.id)),
  ];
}

export function keyPairFields(model: Ec2Model, k: KeyPairRecord, withPublicKey: boolean): XmlChild[] {
  return [
    leaf('keyPairId', k.id),
    leaf('keyFingerprint', k.fingerprint),
    leaf('keyName', k.name),
    leaf('keyType', k.keyType === 'ecdsa' ? 'rsa' : k.keyType),
    leaf('createTime', k.createTime),
    withPublicKey ? leaf('publicKey', k.publicKey) : undefined,
    tagSet(model.tagsOf(k.id)),
  ];
}
