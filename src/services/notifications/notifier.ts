import type { Logger } from 'pino';
import type { VersionNotification } from '../../events/event-topics';

/**
 * Where version notifications go besides subscriptions. `deliver` resolves once the notification
 * was handed over and throws when it was not (a DriverError says whether retrying can help).
 */
export interface Notifier {
  readonly name: string;
  deliver(notification: VersionNotification): Promise<void>;
}

/** The default notifier: one structured log line per transition, in the process that committed it. */
export class LogNotifier implements Notifier {
  readonly name = 'log';

  constructor(private readonly log: Logger) {}

  async deliver(n: VersionNotification): Promise<void> {
    this.log.info(
      { notification: n.id, action: n.action, versionId: n.versionId, appId: n.appId, stages: n.stages, to: n.to },
      `version ${n.appName} ${n.versionName}: ${n.action} by ${n.actorName}`,
    );
  }
}
