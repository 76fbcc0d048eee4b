import type express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';
import { pingDatabase } from '../data/sql';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MetricsAccess } from '../config';
import { sendHttpError } from '../server/http-errors';

/** Constant-time comparison of a presented secret with the expected one. */
function sameSecret(presented: string | undefined, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}

export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<void>;
}

/** /healthz (process is up), /readyz (database and queue answer), /metrics (Prometheus; open, token-guarded or off). */
export function mountHealthRoutes(
  app: express.Express,
  orm: MikroORM,
  registry: Registry,
  probes: readonly ReadinessProbe[],
  access: MetricsAccess,
): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    const all: ReadinessProbe[] = [{ name: 'database', check: () => pingDatabase(orm.em.fork()) }, ...probes];
    await Promise.all(
      all.map(async (p) => {
        try {
          await p.check();
          checks[p.name] = 'ok';
        } catch (err) {
          checks[p.name] = (err as Error).message || 'failed';
        }
      }),
    );
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', async (req, res) => {
    if (access.mode === 'off') return sendHttpError(res, 404, 'NOT_FOUND', 'Metrics are off (MARINA_METRICS)');
    if (
      access.mode === 'token' &&
      !sameSecret(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1], access.token)
    ) {
      return sendHttpError(res, 401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <MARINA_METRICS_TOKEN>');
    }
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
}
