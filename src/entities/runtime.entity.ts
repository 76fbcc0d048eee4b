import { Entity, Enum, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { Provider, RuntimeEnvironment } from './enums';
import type { RuntimeCredential } from './runtime-credential.entity';

/** A deploy target: a Kubernetes namespace or a cloud zone, reached through a credential. */
@Entity({ tableName: 'runtimes' })
@Unique({ properties: ['workspace', 'name'] })
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
  @Property({ type: 'string', length: 128, nullable: true }) namespace?: string;

  @Enum({ items: () => RuntimeEnvironment, nativeEnumName: 'runtime_environment', default: RuntimeEnvironment.TEST })
  environment: RuntimeEnvironment & Opt = RuntimeEnvironment.TEST;

  @Property({ type: 'json', nullable: true })
  labels?: Record<string, string>;

  @Property({ type: 'string', length: 32, default: 'active' })
  status: string & Opt = 'active';

  /** Max tasks of this runtime running at once across all workers (0 = unlimited). */
  @Property({ type: 'integer', default: 0 })
  concurrency: number & Opt = 0;
}
