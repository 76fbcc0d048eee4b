import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { AppVersion } from './app-version.entity';
import type { Instance } from './instance.entity';

/** One applied configuration of an instance (Helm release revision). */
@Entity({ tableName: 'instance_revisions' })
@Unique({ properties: ['instance', 'revision'] })
export class InstanceRevision extends BaseEntity {
  @ManyToOne('Instance', { deleteRule: 'cascade' })
  instance!: Instance;

  @Property({ type: 'integer' }) revision!: number;

  @ManyToOne('AppVersion', { deleteRule: 'restrict' })
  version!: AppVersion;

  @Property({ type: 'json', nullable: true }) config?: Record<string, unknown>;
  /** deployed, superseded, failed, pending. */
  @Property({ type: 'string', length: 32 }) status!: string;
  @Property({ type: 'text', nullable: true }) manifestDigest?: string;
}
