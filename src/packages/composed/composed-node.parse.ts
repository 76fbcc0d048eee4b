/** One node of app.json → its kind's shape, problems recorded at `/nodes/<i>/…`. */
import type { JsonChecker } from '../package-json-checks';
import { ptr, type JsonObject } from '../package-issues';
import {
  DATABASE_ENGINES,
  ENGINES,
  NODE_KINDS,
  type CloudDatabaseNode,
  type ComposedNode,
  type DatabaseEngine,
  type Engine,
  type NodeKind,
} from './composed.types';
import {
  dnsLabel,
  parseConfigFiles,
  parseEnv,
  parseHostPaths,
  parseIngress,
  parseResources,
  parseScheduling,
  parseService,
  parseStorage,
  parseStrategy,
} from './composed-fields.parse';

const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
const MAX_REPLICAS = 100;

const KEYS: Readonly<Record<NodeKind, readonly string[]>> = {
  CUSTOM: ['image', 'command', 'args', 'service', 'replicas', 'hostNetwork', 'ingress', 'strategy'],
  MIDDLEWARE: ['middleware', 'image', 'service', 'replicas', 'hostNetwork', 'ingress'],
  CLOUD_DATABASE: ['middleware', 'provider', 'service', 'size', 'resources'],
  INIT: ['image', 'command', 'args'],
};
const WORKLOAD_KEYS = ['resources', 'env', 'logDir', 'hostPaths', 'storage', 'configFiles', 'scheduling'];

export function parseNode(c: JsonChecker, raw: JsonObject, at: string): ComposedNode | undefined {
  const kind = c.str(raw, 'kind', at, { required: true, oneOf: NODE_KINDS }) as NodeKind | undefined;
  const name = dnsLabel(c, raw, 'name', at);
  if (!kind || !name) return undefined;
  const allowed = ['name', 'kind', ...KEYS[kind], ...(kind === 'CLOUD_DATABASE' ? [] : WORKLOAD_KEYS)];
  for (const key of Object.keys(raw))
    if (!allowed.includes(key)) c.issues.add(ptr(at, key), `"${key}" does not apply to ${kind} nodes`);
  if (kind === 'CLOUD_DATABASE') return cloudDatabase(c, raw, at, name);
  const base = {
    name,
    env: parseEnv(c, raw, at),
    hostPaths: parseHostPaths(c, raw, at),
    storage: parseStorage(c, raw, at),
    configFiles: parseConfigFiles(c, raw, at),
    scheduling: parseScheduling(c, raw, at),
    ...opt('resources', parseResources(c, raw, at)),
    ...opt('logDir', logDir(c, raw, at)),
  };
  if (kind === 'INIT') return { kind, ...base, image: image(c, raw, at, true)!, ...commandOf(c, raw, at) };
  const service = parseService(c, raw, at, name);
  const serving = {
    ...base,
    ...opt('service', service),
    replicas: c.int(raw, 'replicas', at, { min: 0, max: MAX_REPLICAS }) ?? 1,
    hostNetwork: c.bool(raw, 'hostNetwork', at) ?? false,
    ingress: parseIngress(c, raw, at, service),
  };
  if (kind === 'MIDDLEWARE') {
    const middleware = c.str(raw, 'middleware', at, { required: true, oneOf: ENGINES }) as Engine | undefined;
    return { kind, ...serving, middleware: middleware ?? 'mysql', ...opt('image', image(c, raw, at, false)) };
  }
  return {
    kind,
    ...serving,
    image: image(c, raw, at, true)!,
    ...commandOf(c, raw, at),
    ...opt('strategy', parseStrategy(c, raw, at)),
  };
}

function cloudDatabase(c: JsonChecker, raw: JsonObject, at: string, name: string): CloudDatabaseNode {
  const middleware = c.str(raw, 'middleware', at, { required: true }) as DatabaseEngine | undefined;
  if (middleware !== undefined && !(DATABASE_ENGINES as readonly string[]).includes(middleware))
    c.issues.add(
      ptr(at, 'middleware'),
      `a CLOUD_DATABASE node provisions ${DATABASE_ENGINES.join(' or ')}, not "${middleware}"`,
    );
  const service = c.obj(raw, 'service', at);
  if (service) c.onlyKeys(service, ptr(at, 'service'), new Set(['name']));
  const size = c.str(raw, 'size', at) ?? '1Gi';
  return {
    kind: 'CLOUD_DATABASE',
    name,
    middleware: middleware ?? 'mysql',
    provider: c.str(raw, 'provider', at, { maxLength: 64 }) ?? 'kubernetes',
    serviceName: (service && dnsLabel(c, service, 'name', ptr(at, 'service'), false)) ?? name,
    size,
    ...opt('resources', parseResources(c, raw, at)),
  };
}

function image(c: JsonChecker, raw: JsonObject, at: string, required: boolean): string | undefined {
  const v = c.str(raw, 'image', at, { required, maxLength: 512 });
  if (v !== undefined && !IMAGE.test(v)) c.issues.add(ptr(at, 'image'), `"${v}" is not an image reference`);
  return required ? (v ?? '') : v;
}

function logDir(c: JsonChecker, raw: JsonObject, at: string): string | undefined {
  const v = c.str(raw, 'logDir', at, { maxLength: 1024 });
  if (v !== undefined && !v.startsWith('/')) c.issues.add(ptr(at, 'logDir'), `"${v}" must be an absolute path`);
  return v;
}

function commandOf(c: JsonChecker, raw: JsonObject, at: string): { command?: string[]; args?: string[] } {
  return { ...opt('command', c.strings(raw, 'command', at)), ...opt('args', c.strings(raw, 'args', at)) };
}

/** `{ [key]: value }` when value is defined, `{}` otherwise (keeps absent fields absent). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
