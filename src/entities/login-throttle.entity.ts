import { Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed-login counters of the embedded profile (production keeps them in Redis); read and written
 * only by services/auth/throttle/postgres-throttle.store.ts. Keys are `account:<name>` or `address:<ip>`.
 */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottleEntry {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  failures: number & Opt = 0;

  @Property({ type: 'datetime', nullable: true })
  blockedUntil?: Date;

  /** The row counts from zero again after this (last failure + idle reset). */
  @Property({ type: 'datetime' })
  @Index()
  expiresAt!: Date;
}
