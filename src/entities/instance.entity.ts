import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Opt, Property } from '@mikro-orm/core';
import type { Endpoint, ResourceStatus } from '../drivers/runtime-driver.types';
import { OwnedEntity } from './base.entity';
import { InstanceStatus, TransitionStatus } from './enums';
import type { App } from './app.entity';
import type { AppVersion } from './app-version.entity';
import type { InstanceNode } from './instance-node.entity';
import type { Runtime } from './runtime.entity';

/**
 * A deployed app (OpenPitrix cluster / Helm release). A non-null transition locks it (see
 * services/instances/instance-status.machine). Names are unique per owner among instances that
 * are not CEASED (a ceased instance frees its name).
 */
@Entity({ tableName: 'instances' })
@Index({
  name: 'instances_owner_id_name_live_unique',
  expression: `create unique index "instances_owner_id_name_live_unique" on "instances" ("owner_id", "name") where "status" <> 'CEASED'`,
})
@Index({ properties: ['workspace', 'status'] })
/** AppKeys are unique (verifyAppKey looks an instance up by its key). */
@Index({
  name: 'instances_app_key_unique',
  expression: `create unique index "instances_app_key_unique" on "instances" ("app_key") where "app_key" is not null`,
})
export class Instance extends OwnedEntity {
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  @ManyToOne('App', { deleteRule: 'restrict' })
  app!: App;

  @ManyToOne('AppVersion', { deleteRule: 'restrict' })
  version!: AppVersion;

  @ManyToOne('Runtime', { deleteRule: 'restrict' })
  runtime!: Runtime;

  @Enum({ items: () => InstanceStatus, nativeEnumName: 'instance_status', default: InstanceStatus.PENDING })
  status: InstanceStatus & Opt = InstanceStatus.PENDING;

  @Enum({ items: () => TransitionStatus, nativeEnumName: 'transition_status', nullable: true })
  transitionStatus?: TransitionStatus | null;

  /** The user's overrides (Helm values / VM config / template variables), not merged defaults. */
  @Property({ type: 'json', nullable: true })
  config?: Record<string, unknown>;

  @Property({ type: 'integer', default: 0 })
  revision: number & Opt = 0;

  /** How users reach it, as last observed (NodePorts, ingress hosts, load balancer addresses). */
  @Property({ type: 'json', nullable: true })
  endpoints?: Endpoint[];

  /** Its resources with health, as last observed (the last task of its last job, then the observer). */
  @Property({ type: 'json', nullable: true })
  resources?: ResourceStatus[];

  /** Replica counts recorded by the last stop ("Deployment/web" → 3), restored by start. */
  @Property({ type: 'json', nullable: true })
  replicas?: Record<string, number>;

  /** When `resources`/`nodes`/`endpoints` were last observed. */
  @Property({ type: 'datetime', nullable: true })
  observedAt?: Date;

  /** Why the last operation failed (the failing task's reason); null after a success. */
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  appKey?: string | null;

  /** The AppSecret sealed for the worker that writes it into the workload's Secret (null once revoked). */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  appSecretCiphertext?: string | null;

  /** scrypt hash of the AppSecret (`scrypt$<salt>$<hash>`), for verification; null once revoked. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  appSecretHash?: string | null;

  /** Permissions and dependencies the deployed version declares (services/identity). */
  @Property({ type: 'json', nullable: true })
  appIdentity?: Record<string, unknown> | null;

  /** Last allocated event sequence number (events are numbered 1, 2, … per instance). */
  @Property({ type: 'integer', default: 0 })
  eventSeq: number & Opt = 0;

  @OneToMany('InstanceNode', 'instance')
  nodes = new Collection<InstanceNode>(this);
}
