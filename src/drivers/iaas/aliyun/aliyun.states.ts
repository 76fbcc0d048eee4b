import type { NodeState, VolumeState } from '../iaas.types';

/**
 * ECS instance `Status` → normalised node state. Released instances vanish from DescribeInstances,
 * so there is no TERMINATED word; the adapter reports a missing id as gone.
 */
export const ALIYUN_NODE_STATES: Readonly<Record<string, NodeState>> = {
  Pending: 'PENDING',
  Starting: 'PENDING',
  Running: 'RUNNING',
  Stopping: 'STOPPING',
  Stopped: 'STOPPED',
};

/**
 * ECS disk `Status` → normalised volume state. As with EC2 volumes, a disk is IN_USE from the moment
 * an attach is accepted until the detach completes (Attaching and Detaching included); the
 * adapter reports `device` only once the disk is In_use.
 */
export const ALIYUN_VOLUME_STATES: Readonly<Record<string, VolumeState>> = {
  Creating: 'CREATING',
  Available: 'AVAILABLE',
  Attaching: 'IN_USE',
  In_use: 'IN_USE',
  Detaching: 'IN_USE',
  ReIniting: 'IN_USE',
};

export function aliyunNodeState(status: string | undefined): NodeState {
  return (status && ALIYUN_NODE_STATES[status]) || 'UNKNOWN';
}

export function aliyunVolumeState(status: string | undefined): VolumeState {
  return (status && ALIYUN_VOLUME_STATES[status]) || 'UNKNOWN';
}
