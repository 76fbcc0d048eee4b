/**
 * The one small interface the job engine needs from a queue. Implementations: BullMQ on Redis
 * (production) and BullMQ's PostgreSQL backend (embedded profile). The queue only carries
 * "run task X" messages; the truth about tasks is in PostgreSQL.
 */

/** What a queue message says. The worker re-reads everything else from the database. */
export interface TaskMessageData {
  readonly jobId: string;
  readonly taskId: string;
  readonly taskKey: string;
  readonly action: string;
}

export interface TaskMessage {
  /** Deterministic id; adding an id that is still queued (waiting, delayed or active) is a no-op. */
  readonly id: string;
  readonly data: TaskMessageData;
  /** Delivery is not before this many ms from now. */
  readonly delayMs: number;
}

/** A running consumer of the queue. */
export interface QueueConsumer {
  /** Resolves when the consumer is connected and taking messages. */
  ready(): Promise<void>;
  /** Stops taking new messages; resolves when in-flight handlers finished (`force`: at once). */
  close(force?: boolean): Promise<void>;
}

/** Handles one message; a rejection makes the queue redeliver it later (bounded attempts). */
export type MessageHandler = (data: TaskMessageData) => Promise<void>;

export interface TaskQueue {
  readonly kind: 'redis' | 'postgres';
  /** Adds the messages (duplicates by id are ignored). Resolves once they are durably queued. */
  enqueue(messages: readonly TaskMessage[]): Promise<void>;
  /** Starts consuming with at most `concurrency` handlers in parallel. */
  consume(handler: MessageHandler, options: { concurrency: number; name?: string }): QueueConsumer;
  /** The underlying BullMQ Queue, for the admin queue dashboard (read-only use). */
  inspectable(): object;
  /** Closes the producer side and every consumer started from it. Idempotent. */
  close(): Promise<void>;
}
