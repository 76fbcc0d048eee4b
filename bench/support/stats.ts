/** Small statistics helpers shared by the benches (figures only, never assertions). */
import { cpus, loadavg } from 'node:os';

/** The nearest-rank percentile `p` (0..100) of `values` (which must not be empty). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** "p50 … p99 … max … (n=…)" in milliseconds. */
export function fmtLatency(values: readonly number[], digits = 1): string {
  if (values.length === 0) return '(no samples)';
  const f = (v: number) => v.toFixed(digits);
  return `p50 ${f(percentile(values, 50))} ms  p90 ${f(percentile(values, 90))} ms  p99 ${f(percentile(values, 99))} ms  max ${f(values.reduce((a, b) => Math.max(a, b), -Infinity))} ms  (n=${values.length})`;
}

/** "1.23 s" style seconds from milliseconds. */
export function fmtSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The machine's 1/5/15-minute load averages and core count, for the record next to the figures. */
export function machineLoad(): string {
  const [a, b, c] = loadavg().map((v) => v.toFixed(2));
  return `load average ${a}, ${b}, ${c} on ${cpus().length} cores`;
}
