import type express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';
import { pingDatabase } from '../data/sql';

export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<void>;
}

/** /healthz (process is up), /readyz (database and queue answer), /metrics (Prometheus). */
export function mountHealthRoutes(app: express.Express, orm: MikroORM, registry: Registry, probes: readonly ReadinessProbe[]): void {
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
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
}
