import type { EntityManager } from '@mikro-orm/postgresql';
import { readVersionNotifications } from '../../data/notifications/version-notification.query';
import { ReviewStage } from '../../entities/enums';
import type { CommitAnnouncer } from '../../events/event-hub';
import { isJobEngineError } from '../../jobs/errors';
import { createJob } from '../../jobs/job.service';
import { done, type Processor } from '../../jobs/job.types';
import { stringInputs } from '../../jobs/task-input';
import type { SsrfPolicy } from '../../net';
import type { WebhookSettingsService } from '../settings/webhook-settings.service';
import { WebhookNotifier } from './webhook.notifier';

/** Job and task action of a webhook delivery. */
export const WEBHOOK_DELIVERY_ACTION = 'notification.webhook';
/** Deliveries retried with the engine's backoff before the job fails. */
const MAX_ATTEMPTS = 8;

export interface WebhookDeliveryRequest {
  readonly auditId: string;
  readonly stages: readonly ReviewStage[];
  readonly workspaceId: string;
}

/**
 * Creates the delivery job of one transition in the caller's transaction (outbox): it commits or
 * rolls back with the transition, so a crash never loses a notification.
 */
export async function enqueueWebhookDelivery(
  tx: EntityManager,
  events: CommitAnnouncer,
  req: WebhookDeliveryRequest,
): Promise<void> {
  const input = { auditId: req.auditId, stages: req.stages.join(',') };
  const job = await createJob(tx, events, {
    action: WEBHOOK_DELIVERY_ACTION,
    subject: `version-audit:${req.auditId}`,
    workspaceId: req.workspaceId,
    input,
    tasks: [{ key: 'deliver', action: WEBHOOK_DELIVERY_ACTION, input, maxAttempts: MAX_ATTEMPTS, timeoutMs: 30_000 }],
  });
  if (isJobEngineError(job)) throw job;
}

const isStage = (s: string): s is ReviewStage => (Object.values(ReviewStage) as string[]).includes(s);

/**
 * The delivery task: reads the committed transition and the webhook configured now (none: nothing
 * to do), then POSTs it signed. Failures throw DriverError; retryable ones are retried with backoff.
 */
export function webhookDeliveryProcessor(settings: WebhookSettingsService, policy: SsrfPolicy): Processor {
  return async (ctx) => {
    const { auditId, stages } = stringInputs(ctx.task, ['auditId', 'stages']);
    const em = ctx.em as EntityManager;
    const target = await settings.target(em);
    if (!target) return done({ delivered: false, reason: 'no webhook configured' });
    const notices = new Map([[auditId, stages.split(',').filter(isStage)]]);
    const [notification] = await readVersionNotifications(em, notices);
    if (!notification) return done({ delivered: false, reason: 'transition not found' });
    await new WebhookNotifier(target, policy).deliver(notification);
    ctx.logger.info({ auditId, url: target.url }, 'webhook delivered');
    return done({ delivered: true });
  };
}
