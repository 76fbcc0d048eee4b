import type { Logger } from 'pino';
import type { PayloadOf, Topic } from './event-topics';
import type { PubSub, Unsubscribe } from './pubsub';

type Handler = (payload: unknown) => void;

/**
 * In-process pub/sub for the embedded profile (one process runs API and worker). Payloads go
 * through a JSON round trip so consumers see exactly what they would get from Redis.
 * Delivery is asynchronous (a microtask after publish), in publish order.
 */
export class MemoryPubSub implements PubSub {
  private readonly handlers = new Map<string, Set<Handler>>();
  private closed = false;

  constructor(private readonly logger?: Logger) {}

  async publish<T extends Topic>(topic: T, payload: PayloadOf<T>): Promise<void> {
    if (this.closed) return;
    const json = JSON.stringify(payload);
    const targets = [...(this.handlers.get(topic) ?? [])];
    queueMicrotask(() => {
      for (const handler of targets) this.deliver(topic, handler, JSON.parse(json));
    });
  }

  async subscribe<T extends Topic>(topic: T, handler: (payload: PayloadOf<T>) => void): Promise<Unsubscribe> {
    const set = this.handlers.get(topic) ?? new Set<Handler>();
    const h = handler as Handler;
    set.add(h);
    this.handlers.set(topic, set);
    return async () => {
      set.delete(h);
      if (set.size === 0 && this.handlers.get(topic) === set) this.handlers.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }

  private deliver(topic: string, handler: Handler, payload: unknown): void {
    try {
      handler(payload);
    } catch (err) {
      this.logger?.error({ err, topic }, 'pub/sub handler failed');
    }
  }
}
