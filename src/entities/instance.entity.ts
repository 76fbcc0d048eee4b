import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Opt, Property, Unique } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { InstanceStatus, TransitionStatus } from './enums';
import type { App } from './app.entity';
import type { AppVersion } from './app-version.entity';
import type { InstanceNode } from './instance-node.entity';
import type { Runtime } from './runtime.entity';

/** A deployed app (OpenPitrix cluster / Helm release). A non-null transition locks it. */
@Entity({ tableName: 'instances' })
@Unique({ properties: ['owner', 'name'] })
@Index({ properties: ['workspace', 'status'] })
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

  @Property({ type: 'json', nullable: true })
  endpoints?: unknown;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  appKey?: string;

  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  appSecretCiphertext?: string;

  /** Last allocated event sequence number (events are numbered 1, 2, … per instance). */
  @Property({ type: 'integer', default: 0 })
  eventSeq: number & Opt = 0;

  @OneToMany('InstanceNode', 'instance')
  nodes = new Collection<InstanceNode>(this);
}
