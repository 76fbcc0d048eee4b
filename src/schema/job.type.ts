import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { JobStatus } from './enums';

@ObjectType('Task')
export class TaskType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Unique key of the task within its job.' }) key!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true }) target?: string | null;
  @Field(() => JobStatus) status!: JobStatus;
  @Field(() => Int, { description: 'Failed executions so far.' }) attempt!: number;
  @Field(() => [ID], { description: 'Ids of the tasks this one waits for.' }) dependsOn!: string[];
  @Field(() => String, { nullable: true }) error?: string | null;
  @Field(() => [String]) logs!: string[];
  @Field(() => Date, { nullable: true }) startedAt?: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt?: Date | null;
}

@ObjectType('Job')
export class JobType {
  @Field(() => ID) id!: string;
  @Field(() => String) action!: string;
  @Field(() => JobStatus) status!: JobStatus;
  @Field(() => Float, { description: 'Fraction of tasks that are finished, 0..1.' }) progress!: number;
  @Field(() => String, { nullable: true }) error?: string | null;
  @Field(() => [TaskType]) tasks!: TaskType[];
  @Field(() => [String], {
    description:
      "Warnings of the job's tasks, in task order (e.g. manifests of API versions the cluster no longer serves, converted).",
  })
  warnings!: string[];
  @Field(() => Boolean) cancelRequested!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt?: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt?: Date | null;
}

@ObjectType('InstanceEvent')
export class InstanceEventType {
  @Field(() => ID) instanceId!: string;
  @Field(() => ID, { nullable: true }) jobId?: string | null;
  @Field(() => ID, { nullable: true }) taskId?: string | null;
  @Field(() => Int) seq!: number;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => Float, { nullable: true }) progress?: number | null;
  @Field(() => String, { nullable: true }) message?: string | null;
  @Field(() => Date) at!: Date;
}
