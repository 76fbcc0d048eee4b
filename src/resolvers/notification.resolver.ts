import { Arg, Authorized, Ctx, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { VersionNotification } from '../events/event-topics';
import {
  NotificationWebhookNode,
  NotificationWebhookResult,
  VersionNotificationNode,
} from '../schema/notification.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';
import type { WebhookView } from '../services/settings/webhook-settings.service';

const webhookNode = (view: WebhookView | null): NotificationWebhookNode => ({
  configured: view !== null,
  url: view?.url ?? null,
  updatedAt: view?.updatedAt ?? null,
});

/** Version notifications (live) and the notification webhook setting. */
@Resolver()
export class NotificationResolver {
  @Authorized()
  @Subscription(() => VersionNotificationNode, {
    name: 'myNotifications',
    description:
      'Live review and release transitions: of my workspaces’ apps, and of the review stages I hold (fixed when subscribing).',
    subscribe: ({ context }: { context: RequestContext }) =>
      context.services.notificationFeed.subscribe(requireActor(context)),
  })
  myNotifications(@Root() n: VersionNotification): VersionNotificationNode {
    return { ...n, stages: [...n.stages], actor: n.actorName, at: new Date(n.at) };
  }

  @Authorized(PERMISSIONS.SETTINGS_MANAGE)
  @Query(() => NotificationWebhookNode, { description: 'The notification webhook (its secret is never returned).' })
  async notificationWebhook(@Ctx() ctx: RequestContext): Promise<NotificationWebhookNode> {
    return webhookNode(await ctx.services.webhook.view(ctx.em, requireActor(ctx)));
  }

  @Authorized(PERMISSIONS.SETTINGS_MANAGE)
  @Mutation(() => NotificationWebhookResult, {
    description:
      'Sets the webhook (http(s) URL allowed by the outbound policy; secret 16–256 characters signs bodies as X-Marina-Signature: sha256=<hex>) or clears it (url null).',
  })
  async setNotificationWebhook(
    @Arg('url', () => String, { nullable: true }) url: string | null | undefined,
    @Arg('secret', () => String, { nullable: true }) secret: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await ctx.services.webhook.set(ctx.em, requireActor(ctx), url ?? null, secret ?? null);
    return result === null || 'updatedAt' in result ? webhookNode(result) : result;
  }
}
