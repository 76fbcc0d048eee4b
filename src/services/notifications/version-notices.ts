import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import type { ReviewStage } from '../../entities/enums';
import type { EventHub } from '../../events/event-hub';
import type { InvalidStateFailure } from '../errors';
import type { WebhookSettingsService } from '../settings/webhook-settings.service';
import { applyTransition, type AppliedTransition, type TransitionActor } from '../versions/version-transition';
import type { VersionAction } from '../versions/version-status.machine';
import { enqueueWebhookDelivery } from './webhook-delivery';

/**
 * Review and release transitions with their notifications: the transition is applied (state table,
 * audit row) and, in the same transaction, announced — published after commit to the workspace's
 * developers and to the reviewers of `stages` — and handed to the webhook through an outbox job
 * when one is configured. A rolled-back transition announces nothing.
 */
export class VersionNotices {
  constructor(
    private readonly events: EventHub,
    private readonly webhook: WebhookSettingsService,
  ) {}

  async apply(
    tx: EntityManager,
    version: AppVersion,
    action: VersionAction,
    by: TransitionActor,
    stages: readonly (ReviewStage | undefined)[],
    message?: string,
  ): Promise<AppVersion | InvalidStateFailure> {
    const applied = await applyTransition(tx, version, action, by, message);
    if (!('audit' in applied)) return applied;
    await this.announce(tx, applied, stages);
    return applied.version;
  }

  /** Announces a transition applied in `tx` (see the class comment). */
  async announce(
    tx: EntityManager,
    applied: AppliedTransition,
    stages: readonly (ReviewStage | undefined)[],
  ): Promise<void> {
    const concerned = [...new Set(stages.filter((s): s is ReviewStage => s !== undefined))];
    await this.events.announce(tx, { versionNotices: [{ auditId: applied.audit.id, stages: concerned }] });
    if (await this.webhook.configured(tx))
      await enqueueWebhookDelivery(tx, this.events, {
        auditId: applied.audit.id,
        stages: concerned,
        workspaceId: applied.version.workspace.id,
      });
  }
}
