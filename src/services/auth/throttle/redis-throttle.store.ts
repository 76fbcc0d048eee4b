import { Redis } from 'ioredis';
import type { ThrottleState, ThrottleStore } from './throttle-store';

/** Keeps the later of the stored and the given window end; refreshes the expiry. */
const BLOCK_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if tonumber(ARGV[1]) > current then redis.call('HSET', KEYS[1], 'until', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * Throttle counters in Redis hashes `<prefix>:login-throttle:<key>` { failures, until } that expire
 * after `idleResetMs` without failures (the production profile; shared by every replica).
 */
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  private keyOf(key: string): string {
    return `${this.prefix}:login-throttle:${key}`;
  }

  async get(keys: readonly string[]): Promise<ThrottleState[]> {
    const pipeline = this.redis.pipeline();
    for (const k of keys) pipeline.hmget(this.keyOf(k), 'failures', 'until');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, value]) => {
      if (err) throw err;
      const [failures, until] = value as (string | null)[];
      return { failures: Number(failures ?? 0), blockedUntil: Number(until ?? 0) };
    });
  }

  async increment(key: string, _now: number, idleResetMs: number): Promise<number> {
    const [[incrErr, failures], [expireErr]] =
      (await this.redis.multi().hincrby(this.keyOf(key), 'failures', 1).pexpire(this.keyOf(key), idleResetMs).exec()) ??
      [];
    if (incrErr || expireErr) throw incrErr ?? expireErr;
    return Number(failures);
  }

  async block(key: string, until: number, idleResetMs: number): Promise<void> {
    await this.redis.eval(BLOCK_SCRIPT, 1, this.keyOf(key), String(until), String(Math.max(idleResetMs, 1)));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
