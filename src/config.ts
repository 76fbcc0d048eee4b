/**
 * The only place that reads process.env. Every setting Marina understands is listed here and in
 * the README's configuration table. Values are parsed once into a frozen, typed object.
 */
import { isAbsolute, join, resolve } from 'node:path';

export type Profile = 'embedded' | 'production';

/** Where package archives and attachments are stored (content-addressed by sha256). */
export type BlobStoreConfig =
  | { readonly kind: 'fs'; readonly dir: string }
  /** `url` is `s3://host[:port]/bucket[/prefix]` or an AWS/QingStor S3 URL (as for S3 repos). */
  | { readonly kind: 's3'; readonly url: string; readonly accessKeyId: string; readonly secretAccessKey: string };

export interface MarinaConfig {
  readonly port: number;
  /** External PostgreSQL; absent → the embedded profile starts its own PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** External Redis; absent → queues run on PostgreSQL and pub/sub is in-process. */
  readonly redisUrl: string | undefined;
  readonly profile: Profile;
  readonly dataDir: string;
  readonly adminUsername: string;
  readonly adminPassword: string | undefined;
  /** 32-byte key (hex or base64) for AES-256-GCM of secrets at rest; embedded profile generates one. */
  readonly secretKey: string | undefined;
  /** Outbound hosts/IPs/CIDRs exempt from the SSRF policy. */
  readonly allowedHosts: readonly string[];
  /** Longest time one outbound read (repo index, package, S3 request) may take, idle or not (ms). */
  readonly outboundDeadlineMs: number;
  readonly logLevel: string;
  readonly maxUploadBytes: number;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly embeddedPostgresPort: number;
  readonly workerConcurrency: number;
  /** How often a worker renews the heartbeat of its running tasks (ms). */
  readonly jobHeartbeatMs: number;
  /** After how long without a heartbeat a running task is reaped and re-run elsewhere (ms; > 2 × heartbeat). */
  readonly jobStaleAfterMs: number;
  readonly nodeEnv: string;
  /** Prefix of queue keys/tables and pub/sub channels (lets several deployments share one Redis). */
  readonly queuePrefix: string;
  /** Start a Kubernetes API sandbox with the process and register it as the admin's demo runtime. */
  readonly demoKube: boolean;
  readonly blobStore: BlobStoreConfig;
  /** How often the workers role looks for repos whose periodic sync is due (ms). */
  readonly repoSyncTickMs: number;
  /** Delay between two live-state observation rounds of the workers role (ms). */
  readonly observeIntervalMs: number;
  /** Highest estimated cost of one GraphQL operation (server/query-cost.ts). */
  readonly maxQueryCost: number;
  /** Largest GraphQL response body; larger results are replaced by a BAD_USER_INPUT error. */
  readonly maxResponseBytes: number;
  /** Most package bytes (archives, unpacked files, file texts) one request may read. */
  readonly maxRequestPackageBytes: number;
  /** Failed-login throttling (services/auth/throttle). */
  readonly loginThrottle: LoginThrottleConfig;
  /** Express `trust proxy`: client addresses come from X-Forwarded-For through this many proxies (0: the socket's peer). */
  readonly trustProxyHops: number;
  /** GraphQL introspection (MARINA_INTROSPECTION; default on in the embedded profile, off in production). */
  readonly introspection: boolean;
  /** Who may read /metrics (MARINA_METRICS, MARINA_METRICS_TOKEN; default open embedded, off in production). */
  readonly metrics: MetricsAccess;
  /** Limits of uploaded images (app icons and category icons, app screenshots). */
  readonly images: ImageUploadLimits;
  /** The etcd a VM cluster's frontgate runs (MARINA_ETCD_BINARY, MARINA_ETCDCTL_BINARY). */
  readonly frontgateEtcd: FrontgateEtcdSettings;
}

/** Programs on the frontgate VM that run and probe its etcd (paths on the VM, not on the worker). */
export interface FrontgateEtcdSettings {
  /** The etcd server (default `etcd`, Debian's etcd-server). */
  readonly binary: string;
  /** etcdctl for health checks (default: `etcdctl` beside a configured etcd path, else `etcdctl`). */
  readonly ctlBinary: string;
}

/** The frontgate etcd settings of an environment (process.env by default). */
export function frontgateEtcdSettings(env: NodeJS.ProcessEnv = process.env): FrontgateEtcdSettings {
  const binary = optional(env, 'MARINA_ETCD_BINARY') ?? 'etcd';
  const slash = binary.lastIndexOf('/');
  const ctlDefault = slash < 0 ? 'etcdctl' : `${binary.slice(0, slash + 1)}etcdctl`;
  return Object.freeze({ binary, ctlBinary: optional(env, 'MARINA_ETCDCTL_BINARY') ?? ctlDefault });
}

/** Bounds of one uploaded image: file bytes, pixel width and height, and width × height. */
export interface ImageLimits {
  readonly maxBytes: number;
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxPixels: number;
}

export interface ImageUploadLimits {
  /** App and category icons: 96×96 px and 20 KiB by default (MARINA_ICON_MAX_SIZE, MARINA_ICON_MAX_BYTES). */
  readonly icon: ImageLimits;
  /** App screenshots: 4096 px a side, 8 Mi pixels, 2 MiB by default (MARINA_SCREENSHOT_MAX_*). */
  readonly screenshot: ImageLimits;
}

function imageUploadLimits(env: NodeJS.ProcessEnv): ImageUploadLimits {
  const iconSide = Math.max(1, intEnv(env, 'MARINA_ICON_MAX_SIZE', 96));
  const shotSide = Math.max(1, intEnv(env, 'MARINA_SCREENSHOT_MAX_SIZE', 4096));
  return Object.freeze({
    icon: Object.freeze({
      maxBytes: Math.max(1, intEnv(env, 'MARINA_ICON_MAX_BYTES', 20 * 1024)),
      maxWidth: iconSide,
      maxHeight: iconSide,
      maxPixels: iconSide * iconSide,
    }),
    screenshot: Object.freeze({
      maxBytes: Math.max(1, intEnv(env, 'MARINA_SCREENSHOT_MAX_BYTES', 2 * 1024 * 1024)),
      maxWidth: shotSide,
      maxHeight: shotSide,
      maxPixels: Math.max(1, intEnv(env, 'MARINA_SCREENSHOT_MAX_PIXELS', 8 * 1024 * 1024)),
    }),
  });
}

/** `open`: anyone; `token`: `Authorization: Bearer <token>`; `off`: /metrics answers 404. */
export type MetricsAccess =
  { readonly mode: 'open' } | { readonly mode: 'token'; readonly token: string } | { readonly mode: 'off' };

function metricsAccess(env: NodeJS.ProcessEnv, profile: Profile): MetricsAccess {
  const token = optional(env, 'MARINA_METRICS_TOKEN');
  const mode = optional(env, 'MARINA_METRICS') ?? (token ? 'token' : profile === 'embedded' ? 'open' : 'off');
  if (mode === 'open' || mode === 'off') return Object.freeze({ mode });
  if (mode !== 'token') throw new Error(`MARINA_METRICS must be open, token or off, got "${mode}"`);
  if (!token || token.length < 16)
    throw new Error('MARINA_METRICS=token needs MARINA_METRICS_TOKEN of at least 16 characters');
  return Object.freeze({ mode, token });
}

function booleanEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`${name} must be 1/true or 0/false, got "${raw}"`);
}

export interface LoginThrottleConfig {
  /** Consecutive failed logins of one account answered normally (MARINA_LOGIN_FREE_FAILURES). */
  readonly accountFreeFailures: number;
  /** Consecutive failed logins from one client address answered normally (MARINA_LOGIN_ADDRESS_FREE_FAILURES). */
  readonly addressFreeFailures: number;
  /** First refusal window; doubles per further failure (MARINA_LOGIN_WINDOW_SECONDS). */
  readonly baseWindowMs: number;
  /** Longest refusal window (MARINA_LOGIN_MAX_WINDOW_SECONDS). */
  readonly maxWindowMs: number;
  /** Counters idle this long start from zero (a day, at least the longest window). */
  readonly idleResetMs: number;
}

function loginThrottleConfig(env: NodeJS.ProcessEnv): LoginThrottleConfig {
  const maxWindowMs = intEnv(env, 'MARINA_LOGIN_MAX_WINDOW_SECONDS', 900) * 1000;
  return Object.freeze({
    accountFreeFailures: intEnv(env, 'MARINA_LOGIN_FREE_FAILURES', 5),
    addressFreeFailures: intEnv(env, 'MARINA_LOGIN_ADDRESS_FREE_FAILURES', 50),
    baseWindowMs: Math.max(1, intEnv(env, 'MARINA_LOGIN_WINDOW_SECONDS', 30)) * 1000,
    maxWindowMs,
    idleResetMs: Math.max(24 * 3600 * 1000, maxWindowMs),
  });
}

function blobStoreConfig(env: NodeJS.ProcessEnv, dataDir: string): BlobStoreConfig {
  const url = optional(env, 'MARINA_BLOB_S3_URL');
  if (!url) return { kind: 'fs', dir: resolve(optional(env, 'MARINA_BLOB_DIR') ?? join(dataDir, 'blobs')) };
  const accessKeyId = optional(env, 'MARINA_BLOB_S3_ACCESS_KEY_ID');
  const secretAccessKey = optional(env, 'MARINA_BLOB_S3_SECRET_ACCESS_KEY');
  if (!accessKeyId || !secretAccessKey)
    throw new Error('MARINA_BLOB_S3_URL needs MARINA_BLOB_S3_ACCESS_KEY_ID and MARINA_BLOB_S3_SECRET_ACCESS_KEY');
  return { kind: 's3', url, accessKeyId, secretAccessKey };
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

/**
 * Marina's CLI cache directory: `$MARINA_CACHE_DIR`, else `$XDG_CACHE_HOME/marina`, else
 * `~/.cache/marina`; null (no disk caches) when MARINA_CACHE_DIR is `off` or no location is known.
 * Read on its own (not in loadConfig) so the CLI need not validate the server's settings.
 */
function cacheRoot(env: NodeJS.ProcessEnv): string | null {
  const explicit = optional(env, 'MARINA_CACHE_DIR');
  if (explicit === 'off') return null;
  if (explicit) return resolve(explicit);
  const xdg = optional(env, 'XDG_CACHE_HOME');
  // The XDG spec ignores relative paths.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'marina');
  const home = optional(env, 'HOME');
  return home ? join(home, '.cache', 'marina') : null;
}

/** `marina template`'s parse cache (`<cache>/templates`, see {@link cacheRoot}), or null. */
export function parseCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const root = cacheRoot(env);
  return root === null ? null : join(root, 'templates');
}

/** V8 code caches of the template CLI bundle (`<cache>/code`, see {@link cacheRoot}), or null. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const root = cacheRoot(env);
  return root === null ? null : join(root, 'code');
}

/** MARINA_NO_BUNDLE=1: `marina template` loads its separate modules instead of dist's bundle. */
export function templateBundleDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return optional(env, 'MARINA_NO_BUNDLE') !== undefined;
}

/** Parses a configuration from an environment (process.env by default). Throws on malformed values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): MarinaConfig {
  const databaseUrl = optional(env, 'DATABASE_URL');
  const redisUrl = optional(env, 'REDIS_URL');
  if (Boolean(databaseUrl) !== Boolean(redisUrl)) {
    throw new Error('Set both DATABASE_URL and REDIS_URL (production profile) or neither (embedded profile)');
  }
  const dataDir = resolve(optional(env, 'MARINA_DATA_DIR') ?? join(process.cwd(), '.marina'));
  const profile: Profile = redisUrl ? 'production' : 'embedded';
  return Object.freeze({
    port: intEnv(env, 'PORT', 4000),
    databaseUrl,
    redisUrl,
    profile,
    dataDir,
    adminUsername: optional(env, 'MARINA_ADMIN_USERNAME') ?? 'admin',
    adminPassword: optional(env, 'MARINA_ADMIN_PASSWORD'),
    secretKey: optional(env, 'MARINA_SECRET_KEY'),
    allowedHosts: Object.freeze(
      (optional(env, 'MARINA_ALLOWED_HOSTS') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    outboundDeadlineMs: Math.max(1, intEnv(env, 'MARINA_OUTBOUND_DEADLINE_MS', 60_000)),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    maxUploadBytes: intEnv(env, 'MARINA_MAX_UPLOAD_BYTES', 20 * 1024 * 1024),
    accessTokenTtlSeconds: intEnv(env, 'MARINA_ACCESS_TOKEN_TTL', 15 * 60),
    refreshTokenTtlSeconds: intEnv(env, 'MARINA_REFRESH_TOKEN_TTL', 30 * 24 * 3600),
    embeddedPostgresPort: intEnv(env, 'MARINA_EMBEDDED_PG_PORT', 54329),
    workerConcurrency: intEnv(env, 'MARINA_WORKER_CONCURRENCY', 8),
    jobHeartbeatMs: Math.max(50, intEnv(env, 'MARINA_JOB_HEARTBEAT_MS', 5_000)),
    jobStaleAfterMs: intEnv(env, 'MARINA_JOB_STALE_AFTER_MS', 30_000),
    nodeEnv: env.NODE_ENV ?? 'development',
    queuePrefix: optional(env, 'MARINA_QUEUE_PREFIX') ?? 'marina',
    demoKube: (optional(env, 'MARINA_DEMO_KUBE') ?? (redisUrl ? '0' : '1')) === '1',
    blobStore: Object.freeze(blobStoreConfig(env, dataDir)),
    repoSyncTickMs: Math.max(50, intEnv(env, 'MARINA_REPO_SYNC_TICK_MS', 30_000)),
    observeIntervalMs: Math.max(50, intEnv(env, 'MARINA_OBSERVE_INTERVAL_MS', 15_000)),
    maxQueryCost: intEnv(env, 'MARINA_MAX_QUERY_COST', 20_000),
    maxResponseBytes: intEnv(env, 'MARINA_MAX_RESPONSE_BYTES', 32 * 1024 * 1024),
    maxRequestPackageBytes: intEnv(env, 'MARINA_MAX_REQUEST_PACKAGE_BYTES', 128 * 1024 * 1024),
    loginThrottle: loginThrottleConfig(env),
    trustProxyHops: intEnv(env, 'MARINA_TRUST_PROXY_HOPS', 0),
    introspection: booleanEnv(env, 'MARINA_INTROSPECTION', profile === 'embedded'),
    metrics: metricsAccess(env, profile),
    images: imageUploadLimits(env),
    frontgateEtcd: frontgateEtcdSettings(env),
  });
}
