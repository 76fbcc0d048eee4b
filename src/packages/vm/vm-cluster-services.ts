import type { JsonChecker } from '../package-json-checks';
import { isObject, ptr, type JsonObject } from '../package-issues';
import { SERVICE_NAMES, type ClusterService, type HealthCheck, type ServiceName } from './vm-types';

/** OpenPitrix's default task timeout for a service command, in seconds. */
export const DEFAULT_SERVICE_TIMEOUT = 600;
const MAX_TIMEOUT = 86400;
const MAX_SERVICES = 21;

const BASE_KEYS = ['cmd', 'nodes_to_execute_on', 'order', 'timeout'];
/** Extra keys each service accepts, as in OpenPitrix's cluster schema. */
const SERVICE_EXTRA: Record<ServiceName, readonly string[]> = {
  init: ['post_start_service'],
  start: [],
  stop: [],
  restart: [],
  scale_out: ['pre_check'],
  scale_in: ['pre_check'],
  destroy: ['allow_force', 'post_stop_service'],
  upgrade: ['post_start_service', 'service_params'],
  backup: ['service_params'],
  restore: ['service_params'],
  delete_snapshot: [],
};
const CMD_OPTIONAL = new Set<ServiceName>(['backup', 'restore', 'delete_snapshot']);
const CUSTOM_KEYS = new Set([...BASE_KEYS, 'type', 'service_params', 'pre_check']);

function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

/**
 * Validates a role's `services`: the OpenPitrix service names with their allowed keys, plus
 * AppCenter custom services (`"type": "custom"`). Commands must be non-blank and ≤ 1000 chars,
 * timeouts ≤ 86400 s; order defaults to 0 and timeout to 600 s.
 */
export function checkServices(c: JsonChecker, services: JsonObject, at: string): Record<string, ClusterService> {
  const out: Record<string, ClusterService> = {};
  const names = Object.keys(services);
  if (names.length > MAX_SERVICES) c.issues.add(at, `at most ${MAX_SERVICES} services are allowed`);
  for (const name of names) {
    const raw = services[name];
    const here = ptr(at, name);
    if (!isObject(raw)) {
      c.issues.add(here, 'a service must be an object');
      continue;
    }
    const custom = raw.type === 'custom';
    if (!custom && !isServiceName(name)) {
      c.issues.add(here, `unknown service "${name}" (custom services need "type": "custom")`);
      continue;
    }
    const allowed = custom ? CUSTOM_KEYS : new Set([...BASE_KEYS, ...SERVICE_EXTRA[name as ServiceName]]);
    c.onlyKeys(raw, here, allowed);
    const service = checkService(c, raw, here, custom || CMD_OPTIONAL.has(name as ServiceName), custom);
    if (service) out[name] = service;
  }
  return out;
}

function checkService(
  c: JsonChecker,
  raw: JsonObject,
  at: string,
  cmdOptional: boolean,
  custom: boolean,
): ClusterService {
  const cmd = c.str(raw, 'cmd', at, { required: !cmdOptional, maxLength: 1000, nonBlank: true });
  return {
    cmd,
    order: c.int(raw, 'order', at, { min: 0 }) ?? 0,
    timeout: c.int(raw, 'timeout', at, { min: 0, max: MAX_TIMEOUT }) ?? DEFAULT_SERVICE_TIMEOUT,
    nodesToExecuteOn: c.int(raw, 'nodes_to_execute_on', at, { min: 0 }),
    preCheck: c.str(raw, 'pre_check', at, { maxLength: 1000, nonBlank: true }),
    postStartService: c.bool(raw, 'post_start_service', at),
    postStopService: c.bool(raw, 'post_stop_service', at),
    allowForce: c.bool(raw, 'allow_force', at),
    serviceParams: c.obj(raw, 'service_params', at),
    custom,
  };
}

const HEALTH_KEYS = new Set([
  'enable',
  'interval_sec',
  'timeout_sec',
  'action_timeout_sec',
  'healthy_threshold',
  'unhealthy_threshold',
  'check_cmd',
  'action_cmd',
]);

/** Validates a `health_check` object (cluster or role level). */
export function checkHealth(c: JsonChecker, raw: JsonObject, at: string): HealthCheck {
  c.onlyKeys(raw, at, HEALTH_KEYS);
  const n = (key: string) => c.int(raw, key, at, { min: 0 });
  return {
    enable: c.bool(raw, 'enable', at) ?? false,
    intervalSec: n('interval_sec'),
    timeoutSec: n('timeout_sec'),
    actionTimeoutSec: n('action_timeout_sec'),
    healthyThreshold: n('healthy_threshold'),
    unhealthyThreshold: n('unhealthy_threshold'),
    checkCmd: c.str(raw, 'check_cmd', at, { maxLength: 1000 }),
    actionCmd: c.str(raw, 'action_cmd', at, { maxLength: 1000 }),
  };
}
