import { randomBytes } from 'node:crypto';
import type { SandboxCore, StateStore } from '../core/contracts';

/** ECS instance statuses (DescribeInstances `Status`). Deleted instances disappear from listings. */
export type EcsInstanceStatus = 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped';
/** ECS disk statuses (DescribeDisks `Status`). */
export type EcsDiskStatus = 'Creating' | 'Available' | 'Attaching' | 'In_use' | 'Detaching';

export type Tags = Record<string, string>;

export interface EcsInstance {
  readonly id: string;
  readonly name: string;
  readonly hostName: string;
  status: EcsInstanceStatus;
  readonly zoneId: string;
  instanceType: string;
  cpu: number;
  /** MiB, as DescribeInstances reports it. */
  memory: number;
  readonly imageId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  /** Known once the host has booted (kept across stop/start, like a VPC private IP). */
  privateIp?: string;
  readonly keyPairName?: string;
  readonly authorizedKeys: readonly string[];
  tags: Tags;
  readonly creationTime: string;
}

export interface EcsDisk {
  readonly id: string;
  readonly name: string;
  status: EcsDiskStatus;
  /** GiB. */
  size: number;
  readonly zoneId: string;
  readonly category: string;
  instanceId?: string;
  device?: string;
  tags: Tags;
  readonly creationTime: string;
}

export interface EcsKeyPair {
  readonly name: string;
  readonly fingerprint: string;
  readonly publicKey: string;
  tags: Tags;
  readonly creationTime: string;
}

export interface EcsVpc {
  readonly id: string;
  readonly name: string;
  readonly cidr: string;
}
export interface EcsVSwitch {
  readonly id: string;
  readonly name: string;
  readonly vpcId: string;
  readonly zoneId: string;
  readonly cidr: string;
}

export interface EcsState {
  instances: Record<string, EcsInstance>;
  disks: Record<string, EcsDisk>;
  keyPairs: Record<string, EcsKeyPair>;
  vpcs: Record<string, EcsVpc>;
  vswitches: Record<string, EcsVSwitch>;
}

/** Where the sandbox lives: one region with its zones. */
export interface EcsPlacement {
  readonly region: string;
  readonly zones: readonly string[];
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** An ECS-looking id: `i-bp1…`, `d-bp1…`, `vpc-bp1…` (the `bp` prefix is Hangzhou's; any is fine). */
export function ecsId(prefix: 'i' | 'd' | 'vpc' | 'vsw'): string {
  const bytes = randomBytes(18);
  return `${prefix}-bp1${[...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
}

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The front end's state, persisted through the core's state store on every change. */
export class EcsStore {
  readonly state: EcsState;
  private readonly store: StateStore<EcsState>;

  constructor(
    core: SandboxCore,
    readonly placement: EcsPlacement,
  ) {
    this.store = core.state<EcsState>();
    this.state = this.store.load() ?? { instances: {}, disks: {}, keyPairs: {}, vpcs: {}, vswitches: {} };
  }

  save(): void {
    this.store.save(this.state);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  /** The VPC and VSwitch every sandbox starts with (created once, kept in the state file). */
  ensureDefaultNetwork(): { vpc: EcsVpc; vswitch: EcsVSwitch } {
    let vpc = Object.values(this.state.vpcs)[0];
    if (!vpc) {
      vpc = { id: ecsId('vpc'), name: 'default-vpc', cidr: '172.16.0.0/12' };
      this.state.vpcs[vpc.id] = vpc;
    }
    let vswitch = Object.values(this.state.vswitches).find((v) => v.vpcId === vpc.id);
    if (!vswitch) {
      vswitch = {
        id: ecsId('vsw'),
        name: 'default-vswitch',
        vpcId: vpc.id,
        zoneId: this.placement.zones[0],
        cidr: '172.16.1.0/24',
      };
      this.state.vswitches[vswitch.id] = vswitch;
    }
    this.save();
    return { vpc, vswitch };
  }
}
