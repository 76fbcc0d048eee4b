import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/observability/logger';
import type { GraphQLClient } from '../support/graphql-client';

export interface SubscriptionOutcome {
  readonly data?: Record<string, unknown>;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  /** Set when the socket itself failed or closed before any result. */
  readonly closed?: string;
}

/** Subscribes over graphql-ws and resolves with the first result, error list or socket failure (or rejects after `timeoutMs`). */
export async function firstSubscriptionResult(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 5000,
): Promise<SubscriptionOutcome> {
  const ws = client.ws();
  try {
    return await new Promise<SubscriptionOutcome>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no subscription result within ${timeoutMs} ms for ${query}`)),
        timeoutMs,
      );
      const done = (outcome: SubscriptionOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      ws.subscribe(
        { query, variables },
        {
          next: (msg) =>
            done({
              data: msg.data as Record<string, unknown> | undefined,
              errors: msg.errors as SubscriptionOutcome['errors'],
            }),
          error: (err) => done(Array.isArray(err) ? { errors: err } : { closed: describeClose(err) }),
          complete: () => done({ closed: 'completed without a result' }),
        },
      );
    });
  } finally {
    await ws.dispose();
  }
}

function describeClose(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err)
    return `closed ${(err as { code: number; reason?: string }).code} ${(err as { reason?: string }).reason ?? ''}`;
  return String(err);
}

/** A logger at `level` whose JSON lines are kept in memory (`text()` joins them). */
export function memoryLogger(level = 'info'): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger(level, 'marina', sink), text: () => lines.join('') };
}
