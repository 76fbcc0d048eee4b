import { collectDefaultMetrics, Registry } from 'prom-client';

/** A per-process Prometheus registry with Node's default metrics. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'marina_' });
  return registry;
}
