import type { MikroORM, Options } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { MarinaConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres';
import { connectOrm, migrate } from '../db/orm';
import { createLogger } from '../observability/logger';
import { createMetricsRegistry } from '../observability/metrics';
import { TokenIssuer } from '../services/auth/tokens';
import { ensureAdmin, ensureBuiltins, type AdminBootstrap } from '../services/bootstrap.service';
import type { Platform } from '../services/platform';
import { SecretBox } from '../services/secrets/secret-box';
import { createHttpServer, type MarinaHttpServer } from '../server/http-server';
import { marinaSchema } from '../server/schema';
import { createServices, type Services } from '../server/services';
import type { JobEngine } from '../jobs/job.engine';
import { JobHooks } from '../jobs/job-hooks';
import { createHealthServer } from '../server/health-server';
import { mountAttachmentRoutes } from './attachment.routes';
import { mountHealthRoutes, type ReadinessProbe } from './health.routes';
import { startDemoCatalogue } from './demo-catalogue/demo-catalogue';
import { startDemoKubeRuntime } from './demo-runtime';
import { createTaskQueue, startEvents, startJobEngine } from './job-runtime';
import { mountQueueDashboard } from './queue-dashboard';
import { registerProductProcessors } from './processors';
import { createInstanceObserver } from './instance-observer';
import { createVmHealthObserver } from './vm-wiring';
import { redisProbe } from './readiness';
import { resolveSecretKey } from './secret-key';
import { createBlobStore } from './blob-store';
import { parseAllowList } from '../net/ssrf-policy';
import { RepoSyncScheduler } from '../services/repos/repo-sync.scheduler';
import { LoginThrottle } from '../services/auth/throttle/login-throttle';
import { createThrottleStore } from './throttle-store';
import { LogNotifier } from '../services/notifications/notifier';

export interface MarinaRoles {
  /** Serve GraphQL/HTTP. */
  readonly api: boolean;
  /** Run job workers, the outbox dispatcher and the reaper. */
  readonly workers: boolean;
}

export interface RunningMarina {
  readonly config: MarinaConfig;
  readonly orm: MikroORM;
  readonly services: Services;
  readonly log: Logger;
  /** Set when the API role runs: the port it listens on. */
  readonly port: number | undefined;
  /** Port of /healthz, /readyz and /metrics (the API port when the API role runs). */
  readonly healthPort: number;
  readonly admin: AdminBootstrap;
  /** Set when the workers role runs. */
  readonly engine: JobEngine | undefined;
  /** Graceful: stops taking requests and tasks, drains in-flight work, closes connections. */
  stop(): Promise<void>;
}

/**
 * Boots a Marina process: database (external, or embedded PostgreSQL), migrations, built-in data,
 * the first admin, then the API and/or workers. Resolves once the process is ready to serve.
 */
export async function startMarina(
  config: MarinaConfig,
  roles: MarinaRoles,
  log = createLogger(config.logLevel),
  /** ORM option overrides for tests and benchmarks (e.g. a query logger). */
  ormOverrides: Partial<Options> = {},
): Promise<RunningMarina> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        log.error({ err }, 'error while stopping');
      }
    }
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const db: EmbeddedDatabase = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, (line) =>
        log.debug({ component: 'embedded-postgres' }, line),
      );
      stops.push(() => db.stop());
      databaseUrl = db.url;
    }
    const secretKey = resolveSecretKey(config);
    const orm = await connectOrm(databaseUrl, ormOverrides);
    stops.push(() => orm.close(true));
    const applied = await migrate(orm);
    if (applied.length) log.info({ applied }, 'applied migrations');
    await ensureBuiltins(orm.em.fork());
    const admin = await ensureAdmin(
      orm.em.fork(),
      config.adminUsername,
      config.adminPassword,
      config.profile === 'embedded',
    );

    const events = startEvents(orm, config, log);
    stops.push(() => events.stop());
    const throttle = createThrottleStore(config, orm);
    stops.push(() => throttle.close());
    const platform: Platform = {
      config,
      log,
      events: events.hub,
      jobHooks: new JobHooks(),
      secrets: SecretBox.fromString(secretKey),
      tokens: new TokenIssuer(Buffer.from(secretKey), {
        access: config.accessTokenTtlSeconds,
        refresh: config.refreshTokenTtlSeconds,
      }),
      blobs: createBlobStore(config.blobStore),
      outbound: parseAllowList(config.allowedHosts, { readDeadlineMs: config.outboundDeadlineMs }),
      throttle: new LoginThrottle(throttle, config.loginThrottle),
    };
    const services = createServices(platform);
    const logNotifier = new LogNotifier(log);
    events.hub.onVersionNotification((n) => logNotifier.deliver(n));
    if (config.profile === 'embedded') await startDemoCatalogue(orm, services, log);
    const registry = createMetricsRegistry();
    const probes: ReadinessProbe[] = [];
    if (config.redisUrl) {
      const probe = redisProbe(config.redisUrl);
      probes.push(probe);
      stops.push(() => probe.close());
    }

    // The demo sandbox belongs to the workers role (which deploys to it), and to one process of it.
    if (config.demoKube && roles.workers)
      stops.push(await startDemoKubeRuntime(orm, databaseUrl, config.dataDir, platform.secrets, log));

    let engine: JobEngine | undefined;
    if (roles.workers) {
      const jobs = await startJobEngine(
        orm,
        { events: events.hub, hooks: platform.jobHooks },
        config,
        databaseUrl,
        log,
        registry,
        (e) => registerProductProcessors(e, services),
      );
      engine = jobs.engine;
      stops.push(() => jobs.stop());
      const observer = createInstanceObserver(orm, platform, log, config.observeIntervalMs);
      observer.start();
      stops.push(() => observer.stop());
      const vmHealth = createVmHealthObserver(orm, platform, log);
      vmHealth.start();
      stops.push(() => vmHealth.stop());
      const scheduler = new RepoSyncScheduler(orm, events.hub, log, config.repoSyncTickMs);
      scheduler.start();
      stops.push(() => scheduler.stop());
    }

    // Every process serves /healthz, /readyz and /metrics; only the API role serves GraphQL.
    let http: MarinaHttpServer;
    if (roles.api) {
      const dashboardQueue = createTaskQueue(config, databaseUrl, log);
      stops.push(() => dashboardQueue.close());
      const authenticate = async (bearer: string) =>
        (await services.authentication.authenticate(orm.em.fork(), bearer)).actor;
      http = await createHttpServer({
        orm,
        schema: await marinaSchema(),
        services,
        routes: (app) => {
          mountHealthRoutes(app, orm, registry, probes, config.metrics);
          mountQueueDashboard(app, dashboardQueue, authenticate);
          mountAttachmentRoutes(app, orm, services.attachments);
        },
      });
    } else {
      http = await createHealthServer((app) => mountHealthRoutes(app, orm, registry, probes, config.metrics), log);
    }
    const port = await http.listen(config.port);
    stops.push(() => http.stop());
    if (roles.api)
      log.info({ port, profile: config.profile }, `Marina API listening on http://localhost:${port}/graphql`);
    return {
      config,
      orm,
      services,
      log,
      port: roles.api ? port : undefined,
      healthPort: port,
      admin,
      engine,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
