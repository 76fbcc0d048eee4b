import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { InstanceEvent } from '../events/event-topics';
import { InstanceEventType, JobType } from '../schema/job.type';
import { type RequestContext, requireActor } from '../server/context';
import { badInput, isFailure } from '../services/errors';
import type { JobView } from '../services/job-view.service';

interface SubscriptionData<A> {
  args: A;
  context: RequestContext;
}

@Resolver()
export class JobResolver {
  @Authorized()
  @Query(() => JobType, { nullable: true })
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<JobView> {
    return ctx.services.jobs.get(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => JobType, {
    description: "Cancels pending work; an instance job's instance settles as the operation's failure.",
  })
  cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<JobView> {
    return ctx.services.instances.cancelJob(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => JobType, {
    description: "Re-runs a FAILED or CANCELLED job; an instance job re-takes its instance's transition lock.",
  })
  async retryJob(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<JobView> {
    const retried = await ctx.services.instances.retryJob(ctx.em, requireActor(ctx), id);
    if (isFailure(retried)) throw badInput(retried.message);
    return retried;
  }

  @Authorized()
  @Subscription(() => JobType, {
    description: 'The job now, then every change until it finishes.',
    subscribe: ({ args, context }: SubscriptionData<{ jobId: string }>) =>
      context.services.jobs.jobUpdates(context.em, requireActor(context), args.jobId),
  })
  jobUpdated(
    @Arg('jobId', () => ID) jobId: string,
    @Root() update: { jobId: string },
    @Ctx() ctx: RequestContext,
  ): Promise<JobView> {
    return ctx.services.jobs.get(ctx.em.fork(), requireActor(ctx), update.jobId ?? jobId);
  }

  @Authorized()
  @Subscription(() => InstanceEventType, {
    name: 'myInstanceEvents',
    description: 'Live events of every instance the caller may see (its workspaces; all for instance admins).',
    subscribe: ({ context }: SubscriptionData<Record<string, never>>) =>
      context.services.jobs.myInstanceEvents(context.em, requireActor(context)),
  })
  myInstanceEvents(@Root() event: InstanceEvent): InstanceEventType {
    return { ...event, at: new Date(event.createdAt) };
  }

  @Authorized()
  @Subscription(() => InstanceEventType, {
    description: 'Stored events with seq > sinceSeq, then live ones, in seq order without gaps.',
    subscribe: ({ args, context }: SubscriptionData<{ instanceId: string; sinceSeq?: number | null }>) =>
      context.services.jobs.instanceEvents(context.em, requireActor(context), args.instanceId, args.sinceSeq ?? 0),
  })
  instanceEvents(
    @Arg('instanceId', () => ID) _instanceId: string,
    @Arg('sinceSeq', () => Int, { nullable: true }) _sinceSeq: number | undefined,
    @Root() event: InstanceEvent,
  ): InstanceEventType {
    return { ...event, at: new Date(event.createdAt) };
  }
}
