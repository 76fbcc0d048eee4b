import { Collection, Entity, Enum, ManyToOne, OneToMany, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { ReviewStage } from './enums';
import type { AppVersion } from './app-version.entity';
import type { ReviewPhase } from './review-phase.entity';
import type { User } from './user.entity';

/** One submission of a version into the review pipeline (stages snapshot at submit time). */
@Entity({ tableName: 'reviews' })
export class Review extends BaseEntity {
  @ManyToOne('AppVersion', { deleteRule: 'cascade' })
  version!: AppVersion;

  @Property({ type: 'string', length: 32 })
  status!: string;

  @Enum({ items: () => ReviewStage, nativeEnumName: 'review_stage', nullable: true })
  currentStage?: ReviewStage;

  @Enum({ items: () => ReviewStage, array: true, nativeEnumName: 'review_stage' })
  stages: ReviewStage[] = [];

  @ManyToOne('User', { deleteRule: 'restrict' })
  submittedBy!: User;

  @Property({ type: 'datetime' })
  submittedAt: Date = new Date();

  @OneToMany('ReviewPhase', 'review')
  phases = new Collection<ReviewPhase>(this);
}
