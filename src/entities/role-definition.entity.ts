import { Entity, Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';

/**
 * A named permission set. Built-in roles (ADMIN, ISV, DEVELOPER, BUSINESS_REVIEWER,
 * TECHNICAL_REVIEWER, USER) are seeded by a migration and cannot be deleted; admins compose
 * custom roles from the permission catalogue (services/auth/permissions.ts).
 */
@Entity({ tableName: 'roles' })
export class RoleDefinition extends BaseEntity {
  @Property({ type: 'string', length: 64 })
  @Unique()
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  @Property({ type: 'boolean', default: false })
  builtin: boolean & Opt = false;

  @Property({ type: 'text[]' })
  permissions: string[] = [];
}
