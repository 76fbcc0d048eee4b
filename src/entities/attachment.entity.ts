import { Entity, Index, Property } from '@mikro-orm/core';
import { OwnedEntity } from './base.entity';

/** A stored blob (package, icon, screenshot). Content-addressed in the blob store by sha256. */
@Entity({ tableName: 'attachments' })
@Index({ properties: ['sha256'] })
export class Attachment extends OwnedEntity {
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', length: 255 })
  fileName!: string;

  @Property({ type: 'string', length: 128 })
  contentType!: string;

  @Property({ type: 'integer' })
  size!: number;

  /** What the blob is for: package, icon, screenshot. */
  @Property({ type: 'string', length: 32 })
  purpose!: string;
}
