import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { ReviewStage, VersionStatus } from './enums';
import { failureTypeName, ValidationError } from './errors.type';

@ObjectType('VersionNotification', {
  description:
    'A review or release transition of a version: submit, cancel, start_review, pass_stage, pass, reject, release, suspend, recover.',
})
export class VersionNotificationNode {
  @Field(() => ID, { description: 'Unique per transition (the audit entry).' }) id!: string;
  @Field(() => String) action!: string;
  @Field(() => ID) versionId!: string;
  @Field(() => String) versionName!: string;
  @Field(() => ID) appId!: string;
  @Field(() => String) appName!: string;
  @Field(() => VersionStatus, { nullable: true }) from?: VersionStatus | null;
  @Field(() => VersionStatus) to!: VersionStatus;
  @Field(() => [ReviewStage], { description: 'The review stages the transition concerns.' }) stages!: ReviewStage[];
  @Field(() => String, { description: 'Username of who made the transition.' }) actor!: string;
  @Field(() => String, { nullable: true }) role?: string | null;
  @Field(() => String, { nullable: true }) message?: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType('NotificationWebhook', {
  description: 'Where version notifications are POSTed (signed); the secret is never returned.',
})
export class NotificationWebhookNode {
  @Field(() => Boolean) configured!: boolean;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => Date, { nullable: true }) updatedAt?: Date | null;
}

export const NotificationWebhookResult = createUnionType({
  name: 'NotificationWebhookResult',
  types: () => [NotificationWebhookNode, ValidationError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'NotificationWebhook',
});
