import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { User } from './user.entity';

/**
 * One issued refresh token (its id is the JWT's jti). Tokens of one login form a family (a session):
 * each refresh uses its token up and issues the next one of the family; presenting a used token
 * again revokes the whole family (services/auth/session.service.ts).
 */
@Entity({ tableName: 'refresh_tokens' })
export class RefreshToken extends BaseEntity {
  @ManyToOne('User', { deleteRule: 'cascade' })
  @Index()
  user!: User;

  @Property({ type: 'uuid' })
  @Index()
  familyId!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
