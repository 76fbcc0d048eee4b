import { Entity, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { AppVersion } from './app-version.entity';
import type { Instance } from './instance.entity';

export type RevisionStatus = 'pending' | 'deployed' | 'failed' | 'superseded';

/** One applied configuration of an instance (Helm release revision). */
@Entity({ tableName: 'instance_revisions' })
@Unique({ properties: ['instance', 'revision'] })
export class InstanceRevision extends BaseEntity {
  @ManyToOne('Instance', { deleteRule: 'cascade' })
  instance!: Instance;

  @Property({ type: 'integer' }) revision!: number;

  @ManyToOne('AppVersion', { deleteRule: 'restrict' })
  version!: AppVersion;

  /** The user's overrides applied by this revision (not merged with chart defaults). */
  @Property({ type: 'json', nullable: true }) config?: Record<string, unknown>;
  /** pending → deployed | failed; deployed → superseded when a later revision deploys. */
  @Property({ type: 'string', length: 32 }) status!: RevisionStatus;
  /** The operation that wrote it: deploy, upgrade, rollback, update_config, recover, adopt, external (helm outside Marina). */
  @Property({ type: 'string', length: 32, default: 'deploy' }) action: string & Opt = 'deploy';
  /** The job that applies it (null for revisions read from an adopted release's history). */
  @Property({ type: 'uuid', nullable: true }) jobId?: string;
  /** Override keys the rendered chart no longer has. */
  @Property({ type: 'text[]', default: '{}' }) removedValueKeys: string[] & Opt = [];
  @Property({ type: 'text', nullable: true }) manifestDigest?: string;
  /** Secret values (TEMPLATE `secret` variables) sealed as JSON; see services/instances/instance-secrets. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true }) sealedValues?: string | null;
}
