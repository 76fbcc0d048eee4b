import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import type { Instance } from './instance.entity';
import type { Runtime } from './runtime.entity';

/** What a runtime resource is on the cluster. */
export enum RuntimeResourceKind {
  /** A ConfigMap with one key per file. */
  CONFIG_FILE = 'CONFIG_FILE',
  /** A PersistentVolumeClaim. */
  VOLUME = 'VOLUME',
  /** A Service (L4) or an Ingress (L7) attached to an instance. */
  LOAD_BALANCER = 'LOAD_BALANCER',
}

/**
 * A Kubernetes object Marina created in a runtime's namespace apart from any release (seed 004's
 * console: configuration, volumes, load balancing). The row is what authorisation reads: a
 * caller sees the resources of its workspaces, whatever labels the cluster shows.
 */
@Entity({ tableName: 'runtime_resources' })
@Unique({ name: 'runtime_resources_runtime_kind_name_unique', properties: ['runtime', 'kind', 'name'] })
export class RuntimeResource extends OwnedEntity {
  @ManyToOne('Runtime', { deleteRule: 'no action' })
  runtime!: Runtime;

  /** The instance it is attached to (load balancers); null for resources of the runtime. */
  @ManyToOne('Instance', { nullable: true, deleteRule: 'set null' })
  @Index({ name: 'runtime_resources_instance_id_index' })
  instance?: Instance | null;

  @Property({ type: 'string', length: 32 })
  kind!: RuntimeResourceKind;

  /** The object's name in the namespace. */
  @Property({ type: 'string', length: 63 })
  name!: string;

  @Property({ type: 'string', length: 63 })
  namespace!: string;

  /** What was asked for (config file data, size and class, load balancer ports/rules). */
  @Property({ type: 'json' })
  spec!: Record<string, unknown>;

  /** What the cluster answered last (volume phase, load balancer address). */
  @Property({ type: 'json', nullable: true })
  observed?: Record<string, unknown> | null;
}
