import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { VersionNotification } from '../../events/event-topics';
import { DriverError } from '../../jobs/errors';
import { checkUrl, guardedLookup, OutboundBlockedError, type SsrfPolicy } from '../../net';
import type { Notifier } from './notifier';
import type { WebhookTarget } from '../settings/webhook-settings.service';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body under the webhook secret>`. */
export const SIGNATURE_HEADER = 'X-Marina-Signature';
const TIMEOUT_MS = 10_000;

/** The signature header value of `body` under `secret`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * POSTs a notification as JSON to the webhook, signed with HMAC-SHA256. The URL is checked against
 * the SSRF policy before connecting and again at connect time (DNS rebinding); redirects are not
 * followed. A refused URL fails without retry; network errors and non-2xx answers are retryable.
 */
export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';

  constructor(
    private readonly target: WebhookTarget,
    private readonly policy: SsrfPolicy,
  ) {}

  async deliver(notification: VersionNotification): Promise<void> {
    const url = await this.checked();
    const body = JSON.stringify({ event: `version.${notification.action}`, notification });
    const status = await this.post(url, body, notification);
    if (status < 200 || status >= 300) throw new DriverError('WEBHOOK_STATUS', `webhook answered HTTP ${status}`, true);
  }

  private async checked(): Promise<URL> {
    try {
      return await checkUrl(this.target.url, this.policy);
    } catch (err) {
      if (err instanceof OutboundBlockedError)
        throw new DriverError(err.code, `webhook URL refused: ${err.message}`, err.code === 'DNS_FAILED');
      throw err;
    }
  }

  private post(url: URL, body: string, n: VersionNotification): Promise<number> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'marina-webhook',
      'X-Marina-Event': `version.${n.action}`,
      'X-Marina-Delivery': n.id,
      [SIGNATURE_HEADER]: signBody(body, this.target.secret),
    };
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers, lookup: guardedLookup(this.policy), timeout: TIMEOUT_MS },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', (err) => reject(unreachable(err)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', (err) => reject(unreachable(err)));
      req.end(body);
    });
  }
}

function unreachable(err: Error): DriverError {
  if (err instanceof OutboundBlockedError)
    return new DriverError(err.code, `webhook URL refused: ${err.message}`, false, { cause: err });
  return new DriverError('WEBHOOK_UNREACHABLE', `webhook unreachable: ${err.message}`, true, { cause: err });
}
