import { randomBytes } from 'node:crypto';
import type { SandboxCore, StateStore } from '../core/contracts';

/** QingCloud instance statuses and the transition_status shown while one is under way. */
export type QcInstanceStatus = 'pending' | 'running' | 'stopped' | 'suspended' | 'terminated' | 'ceased';
export type QcInstanceTransition = '' | 'creating' | 'starting' | 'stopping' | 'terminating';
export type QcVolumeStatus = 'pending' | 'available' | 'in-use' | 'suspended' | 'deleted' | 'ceased';
export type QcVolumeTransition = '' | 'creating' | 'attaching' | 'detaching' | 'deleting';
export type QcJobStatus = 'pending' | 'working' | 'successful' | 'failed';

export interface QcInstance {
  readonly id: string;
  readonly name: string;
  readonly hostname: string;
  status: QcInstanceStatus;
  transition: QcInstanceTransition;
  readonly zone: string;
  instanceType: string;
  cpu: number;
  /** MiB. */
  memory: number;
  readonly imageId: string;
  readonly vxnetId: string;
  privateIp?: string;
  /** Key pairs whose public keys log in as root (taken at each boot). */
  keypairIds: string[];
  readonly createTime: string;
  statusTime: string;
}

export interface QcVolume {
  readonly id: string;
  readonly name: string;
  status: QcVolumeStatus;
  transition: QcVolumeTransition;
  /** GiB. */
  size: number;
  readonly zone: string;
  readonly volumeType: number;
  instanceId?: string;
  device?: string;
  readonly createTime: string;
  statusTime: string;
}

export interface QcKeyPair {
  readonly id: string;
  readonly name: string;
  readonly pubKey: string;
  readonly encryptMethod: string;
  readonly createTime: string;
}
export interface QcTag {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly createTime: string;
}
export interface QcTagPair {
  readonly tagId: string;
  readonly resourceType: string;
  readonly resourceId: string;
}
export interface QcRouter {
  readonly id: string;
  readonly name: string;
  readonly ipNetwork: string;
  readonly zone: string;
}
export interface QcVxnet {
  readonly id: string;
  readonly name: string;
  readonly routerId: string;
  readonly ipNetwork: string;
  readonly zone: string;
}

export interface QcJob {
  readonly id: string;
  readonly action: string;
  status: QcJobStatus;
  readonly resourceIds: readonly string[];
  /** Resources whose transition has not finished yet. */
  left: number;
  readonly createTime: string;
  statusTime: string;
}

export interface QcState {
  instances: Record<string, QcInstance>;
  volumes: Record<string, QcVolume>;
  keyPairs: Record<string, QcKeyPair>;
  tags: Record<string, QcTag>;
  tagPairs: QcTagPair[];
  routers: Record<string, QcRouter>;
  vxnets: Record<string, QcVxnet>;
  jobs: Record<string, QcJob>;
}

/** The sandbox's region (a QingCloud "region zone" such as pek3) and its zones. */
export interface QcPlacement {
  readonly region: string;
  readonly zones: readonly string[];
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** QingCloud-looking ids: `i-1a2b3c4d`, `vol-…`, `kp-…`, `tag-…`, `rtr-…`, `vxnet-…`, `j-…`. */
export function qcId(prefix: 'i' | 'vol' | 'kp' | 'tag' | 'rtr' | 'vxnet' | 'j'): string {
  const length = prefix === 'j' ? 10 : 8;
  return `${prefix}-${[...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

export function qcNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The front end's state, persisted through the core's state store on every change. */
export class QcStore {
  readonly state: QcState;
  private readonly store: StateStore<QcState>;

  constructor(
    core: SandboxCore,
    readonly placement: QcPlacement,
  ) {
    this.store = core.state<QcState>();
    this.state = this.store.load() ?? {
      instances: {},
      volumes: {},
      keyPairs: {},
      tags: {},
      tagPairs: [],
      routers: {},
      vxnets: {},
      jobs: {},
    };
  }

  save(): void {
    this.store.save(this.state);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  /** Tags attached to a resource. */
  tagsOf(resourceId: string): QcTag[] {
    return this.state.tagPairs
      .filter((p) => p.resourceId === resourceId)
      .map((p) => this.state.tags[p.tagId])
      .filter((t): t is QcTag => !!t);
  }

  /** The VPC router and vxnet every sandbox starts with (created once, kept in the state file). */
  ensureDefaultNetwork(): { router: QcRouter; vxnet: QcVxnet } {
    let router = Object.values(this.state.routers)[0];
    if (!router) {
      router = { id: qcId('rtr'), name: 'default-vpc', ipNetwork: '192.168.0.0/16', zone: this.placement.zones[0] };
      this.state.routers[router.id] = router;
    }
    let vxnet = Object.values(this.state.vxnets).find((v) => v.routerId === router.id);
    if (!vxnet) {
      vxnet = {
        id: qcId('vxnet'),
        name: 'default-vxnet',
        routerId: router.id,
        ipNetwork: '192.168.1.0/24',
        zone: this.placement.zones[0],
      };
      this.state.vxnets[vxnet.id] = vxnet;
    }
    this.save();
    return { router, vxnet };
  }
}
