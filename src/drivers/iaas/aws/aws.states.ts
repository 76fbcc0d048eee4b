/**
 * EC2's instance and volume states mapped to Marina's normalised states. Unknown words (a state
 * EC2 adds later) map to UNKNOWN rather than being guessed.
 */
import type { NodeState, VolumeState } from '../iaas.types';

export const AWS_INSTANCE_STATES: Readonly<Record<string, NodeState>> = {
  pending: 'PENDING',
  running: 'RUNNING',
  stopping: 'STOPPING',
  stopped: 'STOPPED',
  'shutting-down': 'TERMINATING',
  terminated: 'TERMINATED',
};

export const AWS_VOLUME_STATES: Readonly<Record<string, VolumeState>> = {
  creating: 'CREATING',
  available: 'AVAILABLE',
  'in-use': 'IN_USE',
  deleting: 'DELETING',
  deleted: 'DELETED',
  error: 'ERROR',
};

function lookup<T>(table: Readonly<Record<string, T>>, raw: string | undefined, unknown: T): T {
  return raw !== undefined && Object.hasOwn(table, raw) ? table[raw] : unknown;
}

export const nodeStateOf = (raw: string | undefined): NodeState => lookup(AWS_INSTANCE_STATES, raw, 'UNKNOWN');
export const volumeStateOf = (raw: string | undefined): VolumeState => lookup(AWS_VOLUME_STATES, raw, 'UNKNOWN');
