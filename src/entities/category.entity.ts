import { Entity, Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';

/** Store category. The seeded "uncategorized" row (builtin) cannot be deleted. */
@Entity({ tableName: 'categories' })
export class Category extends BaseEntity {
  @Property({ type: 'string', length: 128 })
  @Unique()
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  /** URL of the icon attachment (`/attachments/<sha256>`). */
  @Property({ type: 'text', nullable: true })
  icon?: string;

  @Property({ type: 'boolean', default: false })
  builtin: boolean & Opt = false;
}
