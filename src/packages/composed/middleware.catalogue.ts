/**
 * The middleware catalogue (seed 003's "third-party nodes"): per engine, an image with sane
 * defaults — port, data directory and size, readiness, environment — and the credentials the
 * platform generates into the node's Secret. `${secrets.<node>.<key>}` may name any of
 * `secretKeys`; env values may reference a secret key as `$(SECRET_<KEY>)` (the renderer
 * defines those variables from the Secret first).
 */
import type { Engine } from './composed.types';

export interface EngineDefaults {
  readonly image: string;
  readonly port: number;
  /** Data directory, kept on a volume claim of `size`. */
  readonly dataDir: string;
  readonly size: string;
  /** Generated values (random passwords) and fixed ones (user names), by Secret key. */
  readonly secrets: Readonly<Record<string, { readonly generate: true } | { readonly value: string }>>;
  /** The engine's own environment: literal values, or `{ secret: key }` from the node's Secret. */
  readonly env: Readonly<Record<string, string | { readonly secret: string }>>;
  readonly args?: readonly string[];
}

const generated = { generate: true } as const;

export const MIDDLEWARE_CATALOGUE: Readonly<Record<Engine, EngineDefaults>> = {
  mysql: {
    image: 'mysql:8.0',
    port: 3306,
    dataDir: '/var/lib/mysql',
    size: '1Gi',
    secrets: { rootPassword: generated, username: { value: 'app' }, password: generated, database: { value: 'app' } },
    env: {
      MYSQL_ROOT_PASSWORD: { secret: 'rootPassword' },
      MYSQL_USER: { secret: 'username' },
      MYSQL_PASSWORD: { secret: 'password' },
      MYSQL_DATABASE: { secret: 'database' },
    },
  },
  postgresql: {
    image: 'postgres:16',
    port: 5432,
    dataDir: '/var/lib/postgresql/data',
    size: '1Gi',
    secrets: { username: { value: 'app' }, password: generated, database: { value: 'app' } },
    env: {
      POSTGRES_USER: { secret: 'username' },
      POSTGRES_PASSWORD: { secret: 'password' },
      POSTGRES_DB: { secret: 'database' },
      PGDATA: '/var/lib/postgresql/data/pgdata',
    },
  },
  redis: {
    image: 'redis:7.2',
    port: 6379,
    dataDir: '/data',
    size: '1Gi',
    secrets: { password: generated },
    env: { REDIS_PASSWORD: { secret: 'password' } },
    args: ['redis-server', '--appendonly', 'yes', '--requirepass', '$(REDIS_PASSWORD)'],
  },
  rabbitmq: {
    image: 'rabbitmq:3.13-management',
    port: 5672,
    dataDir: '/var/lib/rabbitmq',
    size: '1Gi',
    secrets: { username: { value: 'app' }, password: generated },
    env: { RABBITMQ_DEFAULT_USER: { secret: 'username' }, RABBITMQ_DEFAULT_PASS: { secret: 'password' } },
  },
  elasticsearch: {
    image: 'elasticsearch:8.13.4',
    port: 9200,
    dataDir: '/usr/share/elasticsearch/data',
    size: '2Gi',
    secrets: { username: { value: 'elastic' }, password: generated },
    env: {
      'discovery.type': 'single-node',
      ES_JAVA_OPTS: '-Xms512m -Xmx512m',
      ELASTIC_PASSWORD: { secret: 'password' },
    },
  },
};

/** Keys of a CLOUD_DATABASE node's connection Secret (also what its dependants receive as env). */
export const CONNECTION_KEYS = ['host', 'port', 'username', 'password', 'database'] as const;
