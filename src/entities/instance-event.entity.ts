import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { Instance } from './instance.entity';

/** The per-instance event log: `seq` is 1, 2, 3 … per instance, allocated in the writing transaction. */
@Entity({ tableName: 'instance_events' })
@Unique({ properties: ['instance', 'seq'] })
export class InstanceEventRecord extends BaseEntity {
  @ManyToOne('Instance', { deleteRule: 'cascade' })
  instance!: Instance;

  @Property({ type: 'integer' }) seq!: number;
  @Property({ type: 'uuid', nullable: true }) jobId?: string;
  @Property({ type: 'uuid', nullable: true }) taskId?: string;
  @Property({ type: 'string', length: 64 }) kind!: string;
  @Property({ type: 'string', length: 64, nullable: true }) status?: string;
  @Property({ type: 'double', nullable: true }) progress?: number;
  @Property({ type: 'text', nullable: true }) message?: string;
}
