import { Redis } from 'ioredis';
import type { ReadinessProbe } from './health.routes';

/** /readyz probe of the queue broker (Redis). One lazy connection, closed by `close`. */
export function redisProbe(url: string): ReadinessProbe & { close(): Promise<void> } {
  let client: Redis | undefined;
  return {
    name: 'queue',
    async check() {
      client ??= new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
      });
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      const pong = await client.ping();
      if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
    },
    async close() {
      client?.disconnect();
    },
  };
}
