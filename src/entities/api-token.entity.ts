import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { User } from './user.entity';

/** A long-lived token for third-party consoles. Only its SHA-256 is stored; the secret is shown once. */
@Entity({ tableName: 'api_tokens' })
export class ApiToken extends BaseEntity {
  @ManyToOne('User', { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 128 })
  name!: string;

  @Property({ type: 'string', length: 64, hidden: true })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
