import type { EntityManager } from '@mikro-orm/postgresql';
import { PlatformSetting } from '../../entities/platform-setting.entity';
import { checkUrl, OutboundBlockedError, type SsrfPolicy } from '../../net';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { ValidationFailure } from '../errors';
import type { SecretBox } from '../secrets/secret-box';

const WEBHOOK_KEY = 'notifications.webhook';
const MAX_URL = 2048;
const MIN_SECRET = 16;
const MAX_SECRET = 256;

/** What callers see of the webhook: never its secret. */
export interface WebhookView {
  readonly url: string;
  readonly updatedAt: Date;
}

/** What the delivery job needs: the URL and the opened signing secret. */
export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
}

interface StoredWebhook {
  readonly url: string;
  /** SecretBox envelope bound to the setting key. */
  readonly secret: string;
}

const isStored = (v: unknown): v is StoredWebhook =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as StoredWebhook).url === 'string' &&
  typeof (v as StoredWebhook).secret === 'string';

const invalid = (path: string, message: string, code = 'INVALID_INPUT') =>
  new ValidationFailure(message, [{ path, message }], code);

/**
 * The notification webhook, a platform setting: one URL (checked against the SSRF policy when it is
 * set; the delivery checks again) and a signing secret sealed at rest and never returned. Reading
 * and changing it need `settings:manage`.
 */
export class WebhookSettingsService {
  constructor(
    private readonly secrets: SecretBox,
    private readonly outbound: SsrfPolicy,
  ) {}

  async view(em: EntityManager, actor: Actor): Promise<WebhookView | null> {
    actor.require(PERMISSIONS.SETTINGS_MANAGE);
    const row = await em.findOne(PlatformSetting, { key: WEBHOOK_KEY });
    return row && isStored(row.value) ? { url: row.value.url, updatedAt: row.updatedAt } : null;
  }

  /** Sets (url and secret) or clears (url null) the webhook. A refused URL changes nothing. */
  async set(
    em: EntityManager,
    actor: Actor,
    url: string | null,
    secret: string | null,
  ): Promise<WebhookView | null | ValidationFailure> {
    actor.require(PERMISSIONS.SETTINGS_MANAGE);
    if (url === null) {
      await em.nativeDelete(PlatformSetting, { key: WEBHOOK_KEY });
      return null;
    }
    const refused = await this.checkTarget(url, secret);
    if (refused) return refused;
    const value: StoredWebhook = { url, secret: this.secrets.seal(secret as string, WEBHOOK_KEY) };
    const updatedAt = new Date();
    await em.upsert(PlatformSetting, { key: WEBHOOK_KEY, value, updatedAt });
    return { url, updatedAt };
  }

  /** Whether a webhook is configured (read inside the caller's transaction). */
  async configured(em: EntityManager): Promise<boolean> {
    return (await em.count(PlatformSetting, { key: WEBHOOK_KEY })) > 0;
  }

  /** The current target with its opened secret, or undefined when none is configured. */
  async target(em: EntityManager): Promise<WebhookTarget | undefined> {
    const row = await em.findOne(PlatformSetting, { key: WEBHOOK_KEY });
    if (!row || !isStored(row.value)) return undefined;
    return { url: row.value.url, secret: this.secrets.open(row.value.secret, WEBHOOK_KEY) };
  }

  private async checkTarget(url: string, secret: string | null): Promise<ValidationFailure | undefined> {
    if (url.length > MAX_URL || !/^https?:\/\//i.test(url))
      return invalid('url', `url must be an http(s) URL of at most ${MAX_URL} characters`);
    if (!secret || secret.length < MIN_SECRET || secret.length > MAX_SECRET)
      return invalid('secret', `secret must be ${MIN_SECRET}–${MAX_SECRET} characters`);
    try {
      await checkUrl(url, this.outbound);
    } catch (err) {
      if (err instanceof OutboundBlockedError) return invalid('url', `webhook URL refused: ${err.message}`, err.code);
      throw err;
    }
    return undefined;
  }
}
