/**
 * Secrets in a preview: no value of `data` or `stringData` ever leaves this module. Each value
 * shows as `***`; on the desired side a value whose bytes differ from the live one's (compared by
 * SHA-256) shows as `*** (changed)`, so a diff tells which keys change and nothing more. The
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (a copy of the whole object) is
 * masked too.
 */
import { createHash } from 'node:crypto';
import { isMap, type Json, type JsonMap } from './object-projection';

export const MASK = '***';
export const MASK_CHANGED = '*** (changed)';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function isSecret(obj: { apiVersion?: unknown; kind?: unknown }): boolean {
  return obj.kind === 'Secret' && obj.apiVersion === 'v1';
}

/**
 * A desired Secret as the server will store it: `stringData` folded into `data` (base64 of the
 * UTF-8 text, `stringData` winning), so it compares with the live object's `data`.
 */
export function foldStringData(secret: JsonMap): JsonMap {
  const stringData = secret.stringData;
  if (!isMap(stringData)) return secret;
  const data: JsonMap = isMap(secret.data) ? { ...secret.data } : {};
  for (const [k, v] of Object.entries(stringData))
    setKey(data, k, Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64'));
  const out: JsonMap = { ...secret, data };
  delete out.stringData;
  return out;
}

/** Both sides of a Secret with every value masked (see the module comment). Either side may be absent. */
export function maskSecretPair(
  desired: JsonMap | undefined,
  live: JsonMap | undefined,
): { desired: JsonMap | undefined; live: JsonMap | undefined } {
  const liveHashes = isMap(live?.data) ? hashes(live.data) : new Map<string, string>();
  return {
    desired:
      desired &&
      maskObject(desired, (k, v) => (liveHashes.has(k) && liveHashes.get(k) !== hashOf(v) ? MASK_CHANGED : MASK)),
    live: live && maskObject(live, () => MASK),
  };
}

function maskObject(obj: JsonMap, mark: (key: string, value: Json) => string): JsonMap {
  const out: JsonMap = { ...obj };
  for (const field of ['data', 'stringData']) {
    const values = obj[field];
    if (!isMap(values)) continue;
    const masked: JsonMap = {};
    for (const [k, v] of Object.entries(values)) setKey(masked, k, mark(k, v));
    out[field] = masked;
  }
  const meta = obj.metadata;
  if (isMap(meta) && isMap(meta.annotations) && LAST_APPLIED in meta.annotations) {
    out.metadata = { ...meta, annotations: { ...meta.annotations, [LAST_APPLIED]: MASK } };
  }
  return out;
}

function hashes(data: JsonMap): Map<string, string> {
  return new Map(Object.entries(data).map(([k, v]) => [k, hashOf(v)]));
}

/** SHA-256 of a `data` value's bytes (base64-decoded). */
function hashOf(v: Json): string {
  const bytes = typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.from(JSON.stringify(v));
  return createHash('sha256').update(bytes).digest('hex');
}

function setKey(m: JsonMap, k: string, v: Json): void {
  Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
}
