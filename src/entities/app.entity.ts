import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  Opt,
  Property,
  Unique,
} from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { Category } from './category.entity';
import { AppStatus, AppType, Visibility } from './enums';
import type { AppVersion } from './app-version.entity';
import type { Repo } from './repo.entity';
import type { Vendor } from './vendor.entity';

/**
 * An application: unique per repo (repo apps keyed by repo + chart name) or per workspace for
 * uploaded apps. `status` is derived from its versions (services/app-status) and stored for queries.
 */
@Entity({ tableName: 'apps' })
@Unique({ properties: ['repo', 'name'] })
@Index({ properties: ['status', 'createdAt'] })
/** Uploaded apps (no repo) are unique by name per workspace. */
@Index({
  name: 'apps_workspace_id_name_uploaded_unique',
  expression: `create unique index "apps_workspace_id_name_uploaded_unique" on "apps" ("workspace_id", "name") where "repo_id" is null`,
})
/** Store keyword search (ILIKE '%…%' on name and description; keyword element match): trigram and array GIN indexes. */
@Index({
  name: 'apps_name_trgm',
  expression: `create index "apps_name_trgm" on "apps" using gin ("name" gin_trgm_ops)`,
})
@Index({
  name: 'apps_description_trgm',
  expression: `create index "apps_description_trgm" on "apps" using gin ("description" gin_trgm_ops)`,
})
@Index({ name: 'apps_keywords_gin', expression: `create index "apps_keywords_gin" on "apps" using gin ("keywords")` })
/** Store keyword search: one trigram index over name, description and keywords (app_search_text, lower-cased). */
@Index({
  name: 'apps_search_trgm',
  expression: `create index "apps_search_trgm" on "apps" using gin (app_search_text("name", "description", "keywords") gin_trgm_ops)`,
})
export class App extends OwnedEntity {
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Enum({ items: () => AppType, nativeEnumName: 'app_type' })
  type!: AppType;

  @Enum({ items: () => AppStatus, nativeEnumName: 'app_status', default: AppStatus.DRAFT })
  status: AppStatus & Opt = AppStatus.DRAFT;

  /** PUBLIC when the app comes from a PUBLIC repo (visible to every workspace); copied from the repo at sync. */
  @Enum({ items: () => Visibility, nativeEnumName: 'visibility', default: Visibility.PRIVATE })
  visibility: Visibility & Opt = Visibility.PRIVATE;

  /** Set by an app-level suspend; hides the whole app from the store until recovered. */
  @Property({ type: 'boolean', default: false })
  suspended: boolean & Opt = false;

  @Property({ type: 'text', nullable: true }) description?: string;
  @Property({ type: 'text', nullable: true }) abstraction?: string;
  @Property({ type: 'text', nullable: true }) readme?: string;
  @Property({ type: 'text', nullable: true }) home?: string;
  /** Attachment id or URL. */
  @Property({ type: 'text', nullable: true }) icon?: string;
  @Property({ type: 'text[]', default: '{}' }) screenshots: string[] & Opt = [];
  @Property({ type: 'text[]', default: '{}' }) keywords: string[] & Opt = [];
  @Property({ type: 'text[]', default: '{}' }) sources: string[] & Opt = [];
  @Property({ type: 'json', nullable: true }) maintainers?: unknown;

  @ManyToOne('Repo', { nullable: true, deleteRule: 'cascade' })
  repo?: Repo;

  @ManyToOne('Vendor', { nullable: true, deleteRule: 'set null' })
  vendor?: Vendor;

  @ManyToMany(() => Category, undefined, { owner: true, pivotTable: 'app_categories' })
  categories = new Collection<Category>(this);

  @OneToMany('AppVersion', 'app')
  versions = new Collection<AppVersion>(this);

  /** Seed 003's delivery mode (ACCOUNT, INSTANCE, ONE_TIME); null when the package declares none. */
  @Property({ type: 'string', length: 32, nullable: true })
  deliveryMode?: string | null;

  /** CLOUD_HOSTED or EDGE_HOSTED (only runtimes labelled `edge: "true"`); null: any runtime. */
  @Property({ type: 'string', length: 32, nullable: true })
  deploymentMode?: string | null;

  @Property({ type: 'integer', default: 0 })
  deployCount: number & Opt = 0;
}
