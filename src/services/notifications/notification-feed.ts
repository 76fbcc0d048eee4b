import { ReviewStage } from '../../entities/enums';
import type { EventHub } from '../../events/event-hub';
import { topics, type Topic, type VersionNotification } from '../../events/event-topics';
import type { Actor } from '../auth/actor';
import { canReviewStage } from '../settings/review-pipeline';

/**
 * myNotifications: the live version notifications a user may receive, decided when the
 * subscription starts — those of the apps of its workspaces (developers) and those concerning the
 * review stages it holds (reviewers; review:admin holds every stage). Delivered once each.
 */
export class NotificationFeed {
  constructor(private readonly events: EventHub) {}

  /** The topics `actor` may follow. */
  topicsOf(actor: Actor): Topic[] {
    const stages = Object.values(ReviewStage).filter((stage) => canReviewStage(actor, stage));
    return [...actor.workspaceIds.map((id) => topics.workspaceApps(id)), ...stages.map((s) => topics.reviewStage(s))];
  }

  subscribe(actor: Actor): Promise<AsyncIterableIterator<VersionNotification>> {
    return this.events.subscribeVersionNotifications(this.topicsOf(actor));
  }
}
