import { Entity, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { Instance } from './instance.entity';

/** A VM of a role, or a pod of a Kubernetes instance. */
@Entity({ tableName: 'instance_nodes' })
export class InstanceNode extends BaseEntity {
  @ManyToOne('Instance', { deleteRule: 'cascade' })
  instance!: Instance;

  @Property({ type: 'string', length: 64 }) role!: string;
  @Property({ type: 'string', length: 253 }) name!: string;
  /** Provider's id of the VM (or the pod uid). */
  @Property({ type: 'string', length: 128, nullable: true }) providerInstanceId?: string;
  @Property({ type: 'string', length: 64, nullable: true }) privateIp?: string;
  @Property({ type: 'string', length: 64, nullable: true }) publicIp?: string;
  @Property({ type: 'integer', nullable: true }) cpu?: number;
  @Property({ type: 'integer', nullable: true }) memory?: number;
  @Property({ type: 'integer', nullable: true }) volumeSize?: number;
  @Property({ type: 'string', length: 128, nullable: true }) volumeId?: string;
  @Property({ type: 'string', length: 32, default: 'pending' }) status: string & Opt = 'pending';
  @Property({ type: 'string', length: 32, nullable: true }) transitionStatus?: string;
  @Property({ type: 'string', length: 32, nullable: true }) health?: string;
  /** VM role health checks: the threshold state between checks (drivers/vm/health/health-state.ts). */
  @Property({ type: 'json', nullable: true }) healthState?: Record<string, unknown>;
}
