/**
 * EBS volume operations of the AWS adapter. Creations carry the caller's token as EC2's ClientToken
 * and are tagged (Marina's tags plus `Name`); attach, detach and delete observe first so repeating
 * one is harmless.
 */
import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  ModifyVolumeCommand,
  type Filter,
  type Volume,
} from '@aws-sdk/client-ec2';
import { IaasError, type CreateVolumeRequest, type IaasVolume } from '../iaas.types';
import { idFilter, listInstances, type Ec2Call } from './aws.call';
import { freeDevice, tagFilters, tagSpecifications, toVolume } from './aws.mappers';

export async function createVolume(call: Ec2Call, req: CreateVolumeRequest): Promise<IaasVolume> {
  const out = await call((ec2) =>
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

async function listVolumes(call: Ec2Call, filters: Filter[]): Promise<Volume[]> {
  const found: Volume[] = [];
  let NextToken: string | undefined;
  do {
    const out = await call((ec2) => ec2.send(new DescribeVolumesCommand({ Filters: filters, NextToken })));
    found.push(...(out.Volumes ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return found;
}

export async function describeVolumes(
  call: Ec2Call,
  filter: { ids?: readonly string[]; tags?: Readonly<Record<string, string>> },
): Promise<readonly IaasVolume[]> {
  if (filter.ids?.length === 0) return [];
  return (await listVolumes(call, [...idFilter('volume-id', filter.ids), ...tagFilters(filter.tags)])).map(toVolume);
}

async function requireVolume(call: Ec2Call, volumeId: string): Promise<Volume> {
  const [volume] = await listVolumes(call, idFilter('volume-id', [volumeId]));
  if (!volume) throw new IaasError('NOT_FOUND', 'InvalidVolume.NotFound', `The volume '${volumeId}' does not exist.`);
  return volume;
}

/** Attaches at the instance's first free data device; a volume already attached there is left as is. */
export async function attachVolume(call: Ec2Call, volumeId: string, instanceId: string): Promise<void> {
  const volume = await requireVolume(call, volumeId);
  if (volume.Attachments?.some((a) => a.InstanceId === instanceId)) return;
  const [instance] = await listInstances(call, idFilter('instance-id', [instanceId]));
  if (!instance)
    throw new IaasError('NOT_FOUND', 'InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
  const Device = freeDevice(instance);
  if (!Device)
    throw new IaasError('QUOTA_EXCEEDED', 'NoFreeDevice', `Instance ${instanceId} has no free data device left`);
  await call((ec2) => ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device })));
}

/** A volume not attached to the instance, or already detaching from it, counts as detached. */
export async function detachVolume(call: Ec2Call, volumeId: string, instanceId: string): Promise<void> {
  const volume = await requireVolume(call, volumeId);
  if (
    !volume.Attachments?.some((a) => a.InstanceId === instanceId && (a.State === 'attached' || a.State === 'attaching'))
  )
    return;
  await call((ec2) => ec2.send(new DetachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId })));
}

/** A volume EC2 no longer knows counts as deleted. */
export async function deleteVolume(call: Ec2Call, volumeId: string): Promise<void> {
  try {
    await call((ec2) => ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId })));
  } catch (err) {
    if (!(err instanceof IaasError && err.code === 'NOT_FOUND')) throw err;
  }
}

export async function resizeVolume(call: Ec2Call, volumeId: string, sizeGiB: number): Promise<void> {
  await call((ec2) => ec2.send(new ModifyVolumeCommand({ VolumeId: volumeId, Size: sizeGiB })));
}
