import { isObject, ptr } from '../package-issues';
import type { PackageIssue } from '../package-error';
import { checkValue, defaultValues } from './vm-config';
import type { ConfigGroup, ConfigValue, ConfigValues } from './vm-types';

/** Keys that may stay empty although required: the network is chosen by the cluster manager. */
const NETWORK_KEYS = new Set(['subnet', 'vxnet']);

export type ConfigValuesResult = { ok: true; values: ConfigValues } | { ok: false; issues: readonly PackageIssue[] };

/**
 * Checks a user's deploy-time config against config.json and fills in defaults (like
 * OpenPitrix's FillInDefaultConfig + Config.Validate): each value must match its field's type,
 * min, max and step; required strings must be non-empty (except subnet/vxnet); unknown keys
 * are refused. Numeric strings are accepted for numbers and converted. Paths are JSON pointers
 * into the values, e.g. "config:/cluster/Mysql/cpu".
 */
export function validateConfigValues(config: ConfigGroup, input: unknown): ConfigValuesResult {
  const issues: PackageIssue[] = [];
  const values = merge(config, input, '', issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

function merge(group: ConfigGroup, input: unknown, at: string, issues: PackageIssue[]): ConfigValues {
  const add = (pointer: string, message: string) =>
    issues.push({ code: 'INVALID_CONFIG', path: `config:${pointer}`, message });
  const given = input === undefined || input === null ? {} : input;
  if (!isObject(given)) {
    add(at, 'must be an object');
    return defaultValues(group);
  }
  const known = new Set(group.properties.map((p) => p.key));
  for (const k of Object.keys(given)) if (!known.has(k)) add(ptr(at, k), `unknown setting "${k}"`);
  const out: ConfigValues = {};
  for (const node of group.properties) {
    const here = ptr(at, node.key);
    const v = given[node.key];
    if (node.type === 'array') {
      out[node.key] = merge(node, v, here, issues);
      continue;
    }
    const value: unknown = v === undefined || v === null ? (node.default ?? null) : v;
    if (value === null || value === '') {
      if (node.required && !NETWORK_KEYS.has(node.key)) add(here, `"${node.label ?? node.key}" is required`);
      out[node.key] = defaultValues({ ...group, properties: [node] })[node.key];
      continue;
    }
    const problem = checkValue(node, value);
    if (problem) add(here, problem);
    out[node.key] = normalise(node.type, value);
  }
  return out;
}

function normalise(type: string, value: unknown): ConfigValue {
  if ((type === 'integer' || type === 'number') && typeof value === 'string') return Number(value);
  if (type === 'boolean' && typeof value === 'string') return value === 'true';
  return value as ConfigValue;
}
