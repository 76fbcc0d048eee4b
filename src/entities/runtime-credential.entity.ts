import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';
import { Provider } from './enums';

/**
 * Cloud access keys or a kubeconfig. The secret part is an AES-256-GCM envelope
 * (services/secrets) and is hidden from every serialisation; only workers decrypt it, by id.
 */
@Entity({ tableName: 'runtime_credentials' })
@Unique({ properties: ['workspace', 'name'] })
export class RuntimeCredential extends OwnedEntity {
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Enum({ items: () => Provider, nativeEnumName: 'provider' })
  provider!: Provider;

  @Property({ type: 'text', nullable: true })
  endpoint?: string;

  /** The region the keys are checked in (clouds); a runtime's zone may lie in another region of the account. */
  @Property({ type: 'string', length: 64, nullable: true })
  region?: string;

  /** Non-secret identifier (access key id), shown masked. */
  @Property({ type: 'string', length: 128, nullable: true })
  accessKeyId?: string;

  /** SecretBox envelope of the secret JSON ({ secretAccessKey } or { kubeconfig }), aad `runtime_credential:<id>`. */
  @Property({ type: 'text', hidden: true, lazy: true })
  secretCiphertext!: string;
}
