import type { MikroORM } from '@mikro-orm/postgresql';
import type { MarinaConfig } from '../config';
import { PostgresThrottleStore } from '../services/auth/throttle/postgres-throttle.store';
import { RedisThrottleStore } from '../services/auth/throttle/redis-throttle.store';
import type { ThrottleStore } from '../services/auth/throttle/throttle-store';

/** Login-throttle counters: Redis in the production profile, the login_throttle table in the embedded one. */
export function createThrottleStore(config: MarinaConfig, orm: MikroORM): ThrottleStore {
  return config.redisUrl
    ? new RedisThrottleStore(config.redisUrl, config.queuePrefix)
    : new PostgresThrottleStore(orm.em);
}
