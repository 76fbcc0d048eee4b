/**
 * A dedicated PostgreSQL connection that LISTENs on fixed channels and hands each NOTIFY
 * payload to its channel's handler. A lost connection is re-established after a second;
 * `onConnect` runs after every (re)connection, so callers can catch up on what they may have
 * missed while disconnected.
 */
import { Client } from 'pg';
import type { Logger } from 'pino';

export interface NotifyListenerOptions {
  /** Connection string; without one nothing is listened to (callers rely on polling). */
  readonly url: string | undefined;
  /** Channel → handler of the payload. Channel names are fixed identifiers of ours. */
  readonly channels: Readonly<Record<string, (payload: string) => void>>;
  readonly onConnect?: () => void;
  readonly logger?: Logger;
}

export class NotifyListener {
  private client: Client | undefined;
  private stopped = true;

  constructor(private readonly options: NotifyListenerOptions) {}

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.options.url) {
      this.options.logger?.warn('no connection string for LISTEN; relying on polling');
      return;
    }
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client
      ?.end()
      .catch((err: unknown) => this.options.logger?.warn({ err }, 'closing a LISTEN connection failed'));
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.options.url });
    client.on('notification', (n) => this.options.channels[n.channel]?.(n.payload ?? ''));
    client.on('error', (err) => {
      this.options.logger?.warn({ err }, 'LISTEN connection lost; reconnecting');
      if (this.client === client) this.client = undefined;
      this.reconnectLater();
    });
    try {
      await client.connect();
      for (const channel of Object.keys(this.options.channels)) await client.query(`listen ${channel}`);
      this.client = client;
      this.options.onConnect?.();
    } catch (err) {
      this.options.logger?.warn({ err }, 'LISTEN connection could not be opened; retrying');
      await client
        .end()
        .catch((endErr: unknown) => this.options.logger?.debug({ err: endErr }, 'ending failed listener'));
      this.reconnectLater();
    }
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (!this.stopped && !this.client) void this.connect();
    }, 1000).unref();
  }
}
