import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { VersionStatus } from './enums';
import type { AppVersion } from './app-version.entity';
import type { User } from './user.entity';

/** Append-only history of version transitions (written in the same transaction as the change). */
@Entity({ tableName: 'version_audits' })
@Index({ properties: ['version', 'createdAt'] })
export class VersionAudit extends BaseEntity {
  @ManyToOne('AppVersion', { deleteRule: 'cascade' })
  version!: AppVersion;

  @Property({ type: 'string', length: 32 })
  action!: string;

  @Enum({ items: () => VersionStatus, nativeEnumName: 'version_status', nullable: true })
  fromStatus?: VersionStatus;

  @Enum({ items: () => VersionStatus, nativeEnumName: 'version_status' })
  toStatus!: VersionStatus;

  @ManyToOne('User', { deleteRule: 'restrict' })
  actor!: User;

  /** The role under which the actor acted (developer, isv, business, technical, admin). */
  @Property({ type: 'string', length: 32, nullable: true })
  role?: string;

  @Property({ type: 'text', nullable: true })
  message?: string;
}
