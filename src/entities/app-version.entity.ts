import { Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { AppType, VersionStatus, Visibility } from './enums';
import type { App } from './app.entity';

/**
 * A version of an app. `name` is the SemVer version. The package is either an attachment
 * (uploaded) or a URL in the app's repo (`packageRef`), fetched on demand.
 */
@Entity({ tableName: 'app_versions' })
@Unique({ properties: ['app', 'name'] })
@Index({ properties: ['status'] })
export class AppVersion extends OwnedEntity {
  @ManyToOne('App', { deleteRule: 'cascade' })
  app!: App;

  @Property({ type: 'string', length: 128 })
  name!: string;

  @Property({ type: 'string', length: 128, nullable: true })
  appVersion?: string;

  @Property({ type: 'text', nullable: true }) description?: string;
  @Property({ type: 'text', nullable: true }) changelog?: string;

  @Enum({ items: () => VersionStatus, nativeEnumName: 'version_status', default: VersionStatus.DRAFT })
  status: VersionStatus & Opt = VersionStatus.DRAFT;

  @Enum({ items: () => AppType, nativeEnumName: 'app_type' })
  type!: AppType;

  /** The app's visibility (PUBLIC for versions of PUBLIC repos), so tenancy reads versions directly. */
  @Enum({ items: () => Visibility, nativeEnumName: 'visibility', default: Visibility.PRIVATE })
  visibility: Visibility & Opt = Visibility.PRIVATE;

  /** sha256 of the package bytes (repo versions: the index digest). */
  @Property({ type: 'string', length: 64, default: '' })
  digest: string & Opt = '';

  @Property({ type: 'integer', default: 0 })
  packageSize: number & Opt = 0;

  /** Attachment id for uploaded packages. */
  @Property({ type: 'string', length: 64, nullable: true })
  packageAttachmentId?: string;

  /** URL (absolute or relative to the repo) for repo-indexed packages. */
  @Property({ type: 'text', nullable: true })
  packageRef?: string;

  /** Metadata extracted from the package (Chart.yaml / package.json, values, file list). */
  @Property({ type: 'json', nullable: true })
  metadata?: Record<string, unknown>;

  /** Order by SemVer among the app's versions (higher is newer). */
  @Property({ type: 'integer', default: 0 })
  sequence: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  deployCount: number & Opt = 0;
}
