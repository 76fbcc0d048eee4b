import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { ReviewStage } from './enums';
import type { Review } from './review.entity';
import type { User } from './user.entity';

/** One stage of a review: claimed by a reviewer (IN_REVIEW), then PASSED or REJECTED with a message. */
@Entity({ tableName: 'review_phases' })
@Unique({ properties: ['review', 'stage'] })
export class ReviewPhase extends BaseEntity {
  @ManyToOne('Review', { deleteRule: 'cascade' })
  review!: Review;

  @Enum({ items: () => ReviewStage, nativeEnumName: 'review_stage' })
  stage!: ReviewStage;

  @Property({ type: 'string', length: 32 })
  status!: string;

  @ManyToOne('User', { nullable: true, deleteRule: 'set null' })
  reviewer?: User;

  @Property({ type: 'text', nullable: true }) message?: string;
  @Property({ type: 'datetime', nullable: true }) startedAt?: Date;
  @Property({ type: 'datetime', nullable: true }) finishedAt?: Date;
}
