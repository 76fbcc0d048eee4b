import { Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { Provider, RuntimeEnvironment } from './enums';
import type { RuntimeCredential } from './runtime-credential.entity';

/** A deploy target: a Kubernetes namespace or a cloud zone, reached through a credential. */
@Entity({ tableName: 'runtimes' })
/** Names are unique per workspace among runtimes that are not deleted (a deleted runtime frees its name). */
@Index({
  name: 'runtimes_workspace_id_name_live_unique',
  expression: `create unique index "runtimes_workspace_id_name_live_unique" on "runtimes" ("workspace_id", "name") where "status" <> 'deleted'`,
})
export class Runtime extends OwnedEntity {
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  @Enum({ items: () => Provider, nativeEnumName: 'provider' })
  provider!: Provider;

  @ManyToOne('RuntimeCredential', { deleteRule: 'restrict' })
  credential!: RuntimeCredential;

  @Property({ type: 'string', length: 128, nullable: true }) zone?: string;
  /** The zone's region (clouds), found when the runtime is created. */
  @Property({ type: 'string', length: 64, nullable: true }) region?: string;
  /** Default network of VMs deployed here (clouds); a VM package's `cluster.subnet` overrides the subnet. */
  @Property({ type: 'string', length: 128, nullable: true }) vpcId?: string;
  @Property({ type: 'string', length: 128, nullable: true }) subnetId?: string;
  @Property({ type: 'string', length: 128, nullable: true }) namespace?: string;

  @Enum({ items: () => RuntimeEnvironment, nativeEnumName: 'runtime_environment', default: RuntimeEnvironment.TEST })
  environment: RuntimeEnvironment & Opt = RuntimeEnvironment.TEST;

  @Property({ type: 'json', nullable: true })
  labels?: Record<string, string>;

  /** `active`, or `deleted` (kept while instance rows still point at it). */
  @Property({ type: 'string', length: 32, default: 'active' })
  status: string & Opt = 'active';

  /** Max tasks of this runtime running at once across all workers (0 = unlimited). */
  @Property({ type: 'integer', default: 0 })
  concurrency: number & Opt = 0;
}
