import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** One platform-wide setting (key → JSON value), read and written only through services/settings. */
@Entity({ tableName: 'platform_settings' })
export class PlatformSetting {
  @PrimaryKey({ type: 'string', length: 64 })
  key!: string;

  @Property({ type: 'json' })
  value!: unknown;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
