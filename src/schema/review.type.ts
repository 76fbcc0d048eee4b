import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection';
import { ReviewStage, VersionStatus } from './enums';

@ObjectType('ReviewPhase')
export class ReviewPhaseNode {
  @Field(() => ReviewStage) stage!: ReviewStage;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true }) message?: string;
  @Field(() => Date, { nullable: true }) startedAt?: Date;
  @Field(() => Date, { nullable: true }) finishedAt?: Date;
  // reviewer: field resolver
}

@ObjectType('Review', { description: 'One submission of a version into the review pipeline.' })
export class ReviewNode {
  @Field(() => ID) id!: string;
  @Field(() => String) status!: string;
  @Field(() => ReviewStage, { nullable: true }) currentStage?: ReviewStage;
  @Field(() => Date) submittedAt!: Date;
  // version, phases, submittedBy: field resolvers
}

@ObjectType('AuditEntry', { description: 'One applied version transition (append-only).' })
export class AuditEntryNode {
  @Field(() => String) action!: string;
  @Field(() => VersionStatus, { nullable: true }) from?: VersionStatus;
  @Field(() => VersionStatus) to!: VersionStatus;
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => String, { nullable: true }) message?: string;
  @Field(() => Date) at!: Date;
  // actor: field resolver
}

@ObjectType('ReviewPipeline', { description: 'The ordered review stages of new submissions (a platform setting).' })
export class ReviewPipelineNode {
  @Field(() => String, { description: 'OPENPITRIX or KUBESPHERE.' }) name!: string;
  @Field(() => [ReviewStage]) stages!: ReviewStage[];
}

export enum ReviewQueue {
  UNPROCESSED = 'UNPROCESSED',
  IN_PROGRESS = 'IN_PROGRESS',
  PROCESSED = 'PROCESSED',
}
registerEnumType(ReviewQueue, {
  name: 'ReviewQueue',
  description: 'UNPROCESSED: waiting at my stages; IN_PROGRESS: claimed by me; PROCESSED: passed or rejected by me.',
});

export const ReviewConnection = Connection(ReviewNode, 'Review');
