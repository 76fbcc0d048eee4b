import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { PayloadOf, Topic } from './event-topics';
import type { PubSub, Unsubscribe } from './pubsub';

type Handler = (payload: unknown) => void;

/** Options of the Redis pub/sub. */
export interface RedisPubSubOptions {
  /** Redis URL (`redis://host:port/db`). */
  readonly url: string;
  /** Channel prefix, so several deployments (or test suites) can share one Redis. */
  readonly prefix?: string;
  readonly logger?: Logger;
  readonly redisOptions?: RedisOptions;
}

/**
 * Pub/sub over Redis PUBLISH/SUBSCRIBE for the production profile: one connection publishes,
 * a separate one subscribes (a subscribed connection cannot issue other commands). Channels
 * are `<prefix>:<topic>`; SUBSCRIBE/UNSUBSCRIBE per channel are serialised so a subscription is
 * active exactly when `subscribe()` resolves.
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly channelOps = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: RedisPubSubOptions) {
    this.prefix = options.prefix ?? 'marina';
    this.publisher = new Redis(options.url, { lazyConnect: false, ...options.redisOptions });
    this.subscriber = new Redis(options.url, { lazyConnect: false, ...options.redisOptions });
    for (const conn of [this.publisher, this.subscriber]) {
      conn.on('error', (err) => options.logger?.warn({ err }, 'redis pub/sub connection error'));
    }
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
  }

  async publish<T extends Topic>(topic: T, payload: PayloadOf<T>): Promise<void> {
    if (this.closed) return;
    await this.publisher.publish(this.channel(topic), JSON.stringify(payload));
  }

  async subscribe<T extends Topic>(topic: T, handler: (payload: PayloadOf<T>) => void): Promise<Unsubscribe> {
    const channel = this.channel(topic);
    const h = handler as Handler;
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(h);
    if (first) await this.serial(channel, () => this.subscriber.subscribe(channel));
    else await this.channelOps.get(channel);
    return () => this.unsubscribe(channel, h);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await Promise.allSettled([...this.channelOps.values()]);
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }

  private async unsubscribe(channel: string, handler: Handler): Promise<void> {
    const set = this.handlers.get(channel);
    if (!set || !set.delete(handler) || set.size > 0) return;
    this.handlers.delete(channel);
    if (!this.closed) {
      await this.serial(channel, () =>
        this.handlers.has(channel) ? Promise.resolve() : this.subscriber.unsubscribe(channel),
      );
    }
  }

  /** Runs SUBSCRIBE/UNSUBSCRIBE of one channel one after another. */
  private serial(channel: string, op: () => Promise<unknown>): Promise<unknown> {
    const previous = this.channelOps.get(channel) ?? Promise.resolve();
    const next = previous.then(op, op);
    this.channelOps.set(channel, next);
    void next
      .finally(() => {
        if (this.channelOps.get(channel) === next) this.channelOps.delete(channel);
      })
      .catch((err: unknown) => this.options.logger?.error({ err, channel }, 'redis channel operation failed'));
    return next;
  }

  private onMessage(channel: string, message: string): void {
    const set = this.handlers.get(channel);
    if (!set) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch (err) {
      this.options.logger?.error({ err, channel }, 'malformed pub/sub message dropped');
      return;
    }
    for (const handler of [...set]) {
      try {
        handler(payload);
      } catch (err) {
        this.options.logger?.error({ err, channel }, 'pub/sub handler failed');
      }
    }
  }

  private channel(topic: string): string {
    return `${this.prefix}:${topic}`;
  }
}
