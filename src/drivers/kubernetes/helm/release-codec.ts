/**
 * Helm's storage encoding of a release (pkg/storage/driver/util.go): JSON → gzip (best compression)
 * → base64 string. A Secret's `data.release` holds that string, so on the Kubernetes wire it is
 * base64 twice. Decoding accepts gzip or plain JSON (Helm's pre-compression records).
 *
 * Guarantees: `decodeRelease(encodeRelease(r))` equals `r` (timestamps as ISO strings, chart files
 * byte for byte); the JSON has Helm's field names and order, maps with sorted keys, empty fields
 * omitted where Helm omits them, and zero times written as helm 3.17 writes them (""), which both
 * helm 3.17 and helm 4.1 read. Unknown fields of helm-written records (helm 4's `modtime`s,
 * `info.resources`) are dropped on decode.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { DriverError } from '../../../jobs/errors';
import { HELM_STATUSES } from './helm-release.types';
import type {
  HelmChartFile,
  HelmChartRecord,
  HelmHookRecord,
  HelmRelease,
  HelmStatus,
  JsonMap,
  JsonValue,
} from './helm-release.types';

/** Thrown when a stored record is not a readable release (code HELM_RELEASE_CORRUPT, not retryable). */
export class ReleaseDecodeError extends DriverError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HELM_RELEASE_CORRUPT', message, false, options);
  }
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** The release as Helm's JSON text. */
export function releaseToJson(rel: HelmRelease): string {
  return JSON.stringify(toWire(rel));
}

/** base64(gzip(JSON)): the value Helm keeps under the storage Secret's `release` key. */
export function encodeRelease(rel: HelmRelease): string {
  const gz = gzipSync(Buffer.from(releaseToJson(rel), 'utf8'), { level: constants.Z_BEST_COMPRESSION });
  return gz.toString('base64');
}

/** Reads Helm's stored form (base64 of gzip or of plain JSON). `labels`: the Secret's custom labels. */
export function decodeRelease(payload: string, labels: Record<string, string> = {}): HelmRelease {
  let bytes = Buffer.from(payload, 'base64');
  if (bytes.length > 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (cause) {
      throw new ReleaseDecodeError('release record: gzip data is corrupt', { cause });
    }
  }
  return releaseFromJson(bytes.toString('utf8'), labels);
}

/** Parses Helm's release JSON. Throws {@link ReleaseDecodeError} when it is not a release. */
export function releaseFromJson(text: string, labels: Record<string, string> = {}): HelmRelease {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ReleaseDecodeError('release record: not JSON', { cause });
  }
  if (!isMap(raw) || typeof raw.name !== 'string' || !isMap(raw.info))
    throw new ReleaseDecodeError('release record: missing name or info');
  const status = str(raw.info.status);
  if (!(HELM_STATUSES as readonly string[]).includes(status))
    throw new ReleaseDecodeError(`release record: unknown status "${status}"`);
  return {
    name: raw.name,
    namespace: str(raw.namespace),
    version: typeof raw.version === 'number' ? raw.version : 0,
    info: {
      firstDeployed: time(raw.info.first_deployed),
      lastDeployed: time(raw.info.last_deployed),
      deleted: time(raw.info.deleted),
      description: str(raw.info.description),
      status: status as HelmStatus,
      notes: str(raw.info.notes),
    },
    chart: isMap(raw.chart) ? chartFromWire(raw.chart) : null,
    config: isMap(raw.config) ? (raw.config as JsonMap) : {},
    manifest: str(raw.manifest),
    hooks: Array.isArray(raw.hooks) ? raw.hooks.filter(isMap).map(hookFromWire) : [],
    applyMethod: raw.apply_method === 'ssa' || raw.apply_method === 'csa' ? raw.apply_method : null,
    labels: { ...labels },
  };
}

/** Helm's JSON for `rel`, fields in Helm's order, omitempty as Helm. */
function toWire(rel: HelmRelease): Record<string, unknown> {
  return compact({
    name: rel.name || undefined,
    info: compact({
      first_deployed: rel.info.firstDeployed ?? '',
      last_deployed: rel.info.lastDeployed ?? '',
      deleted: rel.info.deleted ?? '',
      description: rel.info.description || undefined,
      status: rel.info.status,
      notes: rel.info.notes || undefined,
    }),
    chart: rel.chart ? chartToWire(rel.chart) : undefined,
    config: Object.keys(rel.config).length ? sortedKeys(rel.config) : undefined,
    manifest: rel.manifest || undefined,
    hooks: rel.hooks.length ? rel.hooks.map(hookToWire) : undefined,
    version: rel.version || undefined,
    namespace: rel.namespace || undefined,
    apply_method: rel.applyMethod ?? undefined,
  });
}

function chartToWire(c: HelmChartRecord): Record<string, unknown> {
  const files = (fs: HelmChartFile[]) => fs.map((f) => ({ name: f.name, data: f.data.toString('base64') }));
  return {
    metadata: c.metadata,
    lock: c.lock,
    templates: files(c.templates),
    values: c.values ? sortedKeys(c.values) : null,
    schema: c.schema ? c.schema.toString('base64') : null,
    files: files(c.files),
  };
}

function chartFromWire(w: Record<string, unknown>): HelmChartRecord {
  const files = (v: unknown): HelmChartFile[] =>
    Array.isArray(v)
      ? v.filter(isMap).map((f) => ({ name: str(f.name), data: Buffer.from(str(f.data), 'base64') }))
      : [];
  return {
    metadata: (isMap(w.metadata) ? w.metadata : { name: '', version: '' }) as unknown as HelmChartRecord['metadata'],
    lock: isMap(w.lock) ? (w.lock as unknown as HelmChartRecord['lock']) : null,
    templates: files(w.templates),
    values: isMap(w.values) ? (w.values as JsonMap) : null,
    schema: typeof w.schema === 'string' ? Buffer.from(w.schema, 'base64') : null,
    files: files(w.files),
  };
}

function hookToWire(h: HelmHookRecord): Record<string, unknown> {
  return compact({
    name: h.name || undefined,
    kind: h.kind || undefined,
    path: h.path || undefined,
    manifest: h.manifest || undefined,
    events: h.events.length ? h.events : undefined,
    last_run: {
      started_at: h.lastRun.startedAt ?? '',
      completed_at: h.lastRun.completedAt ?? '',
      phase: h.lastRun.phase,
    },
    weight: h.weight || undefined,
    delete_policies: h.deletePolicies.length ? h.deletePolicies : undefined,
    output_log_policies: h.outputLogPolicies?.length ? h.outputLogPolicies : undefined,
  });
}

function hookFromWire(w: Record<string, unknown>): HelmHookRecord {
  const run = isMap(w.last_run) ? w.last_run : {};
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
  return {
    name: str(w.name),
    kind: str(w.kind),
    path: str(w.path),
    manifest: str(w.manifest),
    events: strings(w.events) as HelmHookRecord['events'],
    lastRun: {
      startedAt: time(run.started_at),
      completedAt: time(run.completed_at),
      phase: str(run.phase) as HelmHookRecord['lastRun']['phase'],
    },
    weight: typeof w.weight === 'number' ? w.weight : 0,
    deletePolicies: strings(w.delete_policies) as HelmHookRecord['deletePolicies'],
    ...(Array.isArray(w.output_log_policies) ? { outputLogPolicies: strings(w.output_log_policies) } : {}),
  };
}

/** Go's zero time ("0001-01-01T00:00:00Z") and "" read as null. */
function time(v: unknown): string | null {
  if (typeof v !== 'string' || v === '' || v.startsWith('0001-01-01')) return null;
  return v;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Maps with keys sorted (Go's encoding/json order), recursively. */
export function sortedKeys<T extends JsonValue | JsonMap>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => sortedKeys(x)) as T;
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const k of Object.keys(v).sort(compareBytes)) out[k] = sortedKeys((v as JsonMap)[k]);
  return out as T;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
