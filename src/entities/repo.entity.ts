import { Entity, Enum, Index, Opt, Property } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { Provider, RepoType, VersionStatus, Visibility } from './enums';

/** A package repository (S3 read/write, HTTP(S) read-only). Credentials are encrypted at rest. */
@Entity({ tableName: 'repos' })
/** Names are unique per workspace among repos that are not deleted (a deleted repo frees its name). */
@Index({
  name: 'repos_workspace_id_name_live_unique',
  expression: `create unique index "repos_workspace_id_name_live_unique" on "repos" ("workspace_id", "name") where "status" <> 'deleted'`,
})
@Index({ name: 'repos_next_sync_at_index', properties: ['nextSyncAt'] })
export class Repo extends OwnedEntity {
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  @Enum({ items: () => RepoType, nativeEnumName: 'repo_type' })
  type!: RepoType;

  @Property({ type: 'text' })
  url!: string;

  /** AES-256-GCM envelope of the credential JSON; never selectable into GraphQL. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  credentialCiphertext?: string;

  @Enum({ items: () => Provider, array: true, nativeEnumName: 'provider' })
  providers: Provider[] = [];

  @Enum({ items: () => Visibility, nativeEnumName: 'visibility', default: Visibility.PRIVATE })
  visibility: Visibility & Opt = Visibility.PRIVATE;

  /** 0 = manual only; otherwise at least 180. */
  @Property({ type: 'integer', default: 0 })
  syncPeriodSeconds: number & Opt = 0;

  /** Status given to versions indexed from this repo (they skip review). */
  @Enum({ items: () => VersionStatus, nativeEnumName: 'version_status', default: VersionStatus.ACTIVE })
  appDefaultStatus: VersionStatus & Opt = VersionStatus.ACTIVE;

  @Property({ type: 'string', length: 32, default: 'active' })
  status: string & Opt = 'active';

  /** sha256 of the last successfully synced index.yaml bytes (checksum skip). */
  @Property({ type: 'string', length: 64, nullable: true })
  indexChecksum?: string;

  /** ETag of index.yaml when it was last synced (conditional fetch: a 304 skips the download). */
  @Property({ type: 'string', length: 512, nullable: true })
  indexEtag?: string;

  @Property({ type: 'datetime', nullable: true })
  lastSyncedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  nextSyncAt?: Date;
}
