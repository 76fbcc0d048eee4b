import { Entity, Enum, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { User } from './user.entity';

export enum VendorStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  PASSED = 'PASSED',
  REJECTED = 'REJECTED',
}

/** ISV certification application; one per user. */
@Entity({ tableName: 'vendors' })
export class Vendor extends BaseEntity {
  @ManyToOne('User', { deleteRule: 'cascade' })
  @Unique()
  user!: User;

  @Property({ type: 'string', length: 256 })
  companyName!: string;

  @Property({ type: 'string', length: 512, nullable: true })
  website?: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  @Property({ type: 'string', length: 256, nullable: true })
  contact?: string;

  @Enum({ items: () => VendorStatus, nativeEnumName: 'vendor_status', default: VendorStatus.SUBMITTED })
  status: VendorStatus & Opt = VendorStatus.SUBMITTED;

  /** The reviewer's message (required on reject). */
  @Property({ type: 'text', nullable: true })
  message?: string;

  @ManyToOne('User', { nullable: true, deleteRule: 'set null' })
  approver?: User;

  @Property({ type: 'datetime', nullable: true })
  submittedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date;
}
