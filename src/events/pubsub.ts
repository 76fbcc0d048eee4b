import type { PayloadOf, Topic } from './event-topics';

/** Stops a subscription; resolves when no further message will be delivered to its handler. */
export type Unsubscribe = () => Promise<void>;

/**
 * Fire-and-forget fan-out of typed messages. Delivery is at-most-once to the subscribers that
 * exist when the message is published (Redis: in every process; in-process: this process only).
 * Durable history lives in PostgreSQL (the instance event log); live streams gap-fill from it.
 */
export interface PubSub {
  /** Publishes `payload` as JSON on `topic`. Resolves once the broker accepted it. */
  publish<T extends Topic>(topic: T, payload: PayloadOf<T>): Promise<void>;
  /**
   * Registers `handler` for `topic`. Resolves once the subscription is active: every message
   * published after that is delivered (in publish order per publisher). Handler errors are
   * logged, never propagated.
   */
  subscribe<T extends Topic>(topic: T, handler: (payload: PayloadOf<T>) => void): Promise<Unsubscribe>;
  /** Drops all subscriptions and connections. Idempotent. */
  close(): Promise<void>;
}
