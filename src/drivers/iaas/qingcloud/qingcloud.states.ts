import type { NodeState, VolumeState } from '../iaas.types';

/**
 * QingCloud instance `status` → normalised state; a `transition_status` under way takes precedence
 * (a running instance that is stopping is STOPPING). Suspended (arrears) instances do not run.
 */
export const QINGCLOUD_NODE_STATES: Readonly<Record<string, NodeState>> = {
  pending: 'PENDING',
  running: 'RUNNING',
  stopped: 'STOPPED',
  suspended: 'STOPPED',
  terminated: 'TERMINATED',
  ceased: 'TERMINATED',
};

export const QINGCLOUD_NODE_TRANSITIONS: Readonly<Record<string, NodeState>> = {
  creating: 'PENDING',
  starting: 'PENDING',
  restarting: 'PENDING',
  resuming: 'PENDING',
  resetting: 'PENDING',
  recovering: 'PENDING',
  stopping: 'STOPPING',
  suspending: 'STOPPING',
  terminating: 'TERMINATING',
};

/**
 * QingCloud volume `status` → normalised state. As for the other clouds, a volume is IN_USE from
 * the moment an attach is accepted until the detach completes; the adapter gives `device` only when in-use.
 */
export const QINGCLOUD_VOLUME_STATES: Readonly<Record<string, VolumeState>> = {
  pending: 'CREATING',
  available: 'AVAILABLE',
  'in-use': 'IN_USE',
  suspended: 'ERROR',
  deleted: 'DELETED',
  ceased: 'DELETED',
};

export const QINGCLOUD_VOLUME_TRANSITIONS: Readonly<Record<string, VolumeState>> = {
  creating: 'CREATING',
  attaching: 'IN_USE',
  detaching: 'IN_USE',
  deleting: 'DELETING',
};

export function qingcloudNodeState(status: string | undefined, transition?: string): NodeState {
  return (
    (transition && QINGCLOUD_NODE_TRANSITIONS[transition]) || (status && QINGCLOUD_NODE_STATES[status]) || 'UNKNOWN'
  );
}

export function qingcloudVolumeState(status: string | undefined, transition?: string): VolumeState {
  return (
    (transition && QINGCLOUD_VOLUME_TRANSITIONS[transition]) || (status && QINGCLOUD_VOLUME_STATES[status]) || 'UNKNOWN'
  );
}
