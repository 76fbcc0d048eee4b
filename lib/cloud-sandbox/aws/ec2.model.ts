/**
 * The EC2 sandbox's resources, as one JSON-serialisable state (persisted through the core's state
 * store when a state file is configured). Every mutation goes through an action or a transition,
 * which calls `save()` afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { StateStore } from '../core/contracts';

export type InstanceStateName = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
export type VolumeStateName = 'creating' | 'available' | 'in-use' | 'deleting' | 'deleted' | 'error';
export type AttachmentStateName = 'attaching' | 'attached' | 'detaching';

export interface InstanceRecord {
  readonly id: string;
  readonly reservationId: string;
  readonly imageId: string;
  instanceType: string;
  state: InstanceStateName;
  stateReason?: string;
  readonly keyName?: string;
  readonly authorizedKeys: readonly string[];
  readonly vpcId: string;
  readonly subnetId: string;
  readonly zone: string;
  readonly launchTime: string;
  readonly launchIndex: number;
  readonly clientToken?: string;
  privateIp?: string;
  sshPort?: number;
}

export interface VolumeAttachment {
  readonly instanceId: string;
  readonly device: string;
  state: AttachmentStateName;
  readonly attachTime: string;
}

export interface VolumeRecord {
  readonly id: string;
  sizeGiB: number;
  readonly zone: string;
  readonly volumeType: string;
  state: VolumeStateName;
  readonly createTime: string;
  readonly clientToken?: string;
  attachment?: VolumeAttachment;
}

export interface VpcRecord {
  readonly id: string;
  readonly cidr: string;
  readonly isDefault: boolean;
}

export interface SubnetRecord {
  readonly id: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly zone: string;
  readonly defaultForAz: boolean;
}

export interface KeyPairRecord {
  readonly id: string;
  readonly name: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly keyType: 'rsa' | 'ed25519' | 'ecdsa';
  readonly createTime: string;
}

export interface Ec2State {
  readonly version: 1;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly ownerId: string;
  readonly instances: Record<string, InstanceRecord>;
  readonly volumes: Record<string, VolumeRecord>;
  readonly vpcs: Record<string, VpcRecord>;
  readonly subnets: Record<string, SubnetRecord>;
  /** By key name (EC2's primary handle for key pairs). */
  readonly keyPairs: Record<string, KeyPairRecord>;
  /** Resource id → tags, for every taggable resource. */
  readonly tags: Record<string, Record<string, string>>;
}

/** A dictionary keyed by caller-chosen strings: no prototype, so `__proto__` or `constructor` are plain keys. */
export function dict<T>(source: Readonly<Record<string, T>> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, source);
}

/** EC2-style ids: a prefix and 17 hex digits (`i-0123456789abcdef0`). */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

export class Ec2Model {
  readonly state: Ec2State;

  /** Every map of the state is rebuilt as a prototype-less dictionary (ids and names come from callers). */
  constructor(
    state: Ec2State,
    private readonly store: StateStore<Ec2State>,
  ) {
    const tags = dict<Record<string, string>>();
    for (const [id, t] of Object.entries(state.tags)) tags[id] = dict(t);
    this.state = {
      ...state,
      instances: dict(state.instances),
      volumes: dict(state.volumes),
      vpcs: dict(state.vpcs),
      subnets: dict(state.subnets),
      keyPairs: dict(state.keyPairs),
      tags,
    };
  }

  save(): void {
    this.store.save(this.state);
  }

  tagsOf(id: string): Readonly<Record<string, string>> {
    return this.state.tags[id] ?? dict();
  }

  setTags(id: string, tags: Readonly<Record<string, string>>): void {
    if (Object.keys(tags).length === 0) return;
    this.state.tags[id] = dict({ ...this.state.tags[id], ...tags });
  }

  /** Instances that count against the quota (not terminated). */
  liveInstances(): InstanceRecord[] {
    return Object.values(this.state.instances).filter((i) => i.state !== 'terminated');
  }

  liveVolumes(): VolumeRecord[] {
    return Object.values(this.state.volumes).filter((v) => v.state !== 'deleted');
  }

  defaultVpc(): VpcRecord {
    const vpc = Object.values(this.state.vpcs).find((v) => v.isDefault);
    if (!vpc) throw new Error('the sandbox state has no default VPC');
    return vpc;
  }

  defaultSubnet(zone?: string): SubnetRecord {
    const subnets = Object.values(this.state.subnets).filter((s) => s.defaultForAz);
    const subnet = subnets.find((s) => zone === undefined || s.zone === zone) ?? subnets[0];
    if (!subnet) throw new Error('the sandbox state has no default subnet');
    return subnet;
  }
}
