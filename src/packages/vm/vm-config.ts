import { IssueCollector, isObject, ptr, type Json, type JsonObject } from '../package-issues';
import type { PackageIssue } from '../package-error';
import {
  APPCENTER_REF_TYPES,
  CONFIG_SCALAR_TYPES,
  type ConfigField,
  type ConfigFieldType,
  type ConfigGroup,
  type ConfigNode,
  type ConfigValues,
} from './vm-types';

/** `appcenter` additionally accepts QingCloud AppCenter's reference field types. */
export type ConfigDialect = 'openpitrix' | 'appcenter';

export const CONFIG_FILE = 'config.json';

/** Result of checking config.json: the typed tree when valid, else the problems (never both). */
export type ConfigParseResult = { ok: true; config: ConfigGroup } | { ok: false; issues: readonly PackageIssue[] };

/**
 * Validates a parsed config.json (OpenPitrix's ConfigTemplate): a root group, node types among
 * array/string/password/integer/number/boolean, unique non-empty keys, groups with children,
 * and defaults that match their type, min/max, step and range.
 */
export function parseConfigTemplate(raw: unknown, dialect: ConfigDialect = 'openpitrix'): ConfigParseResult {
  const issues = new IssueCollector(CONFIG_FILE, 'INVALID_CONFIG');
  const types: readonly string[] =
    dialect === 'appcenter' ? [...CONFIG_SCALAR_TYPES, ...APPCENTER_REF_TYPES] : CONFIG_SCALAR_TYPES;
  const ctx: Ctx = { issues, types };
  if (!isObject(raw) || raw.type !== 'array') {
    issues.add('', 'the root must be an object with "type": "array"');
    return { ok: false, issues: issues.issues };
  }
  const root = parseGroup(raw, '', ctx, true);
  return issues.ok && root ? { ok: true, config: root } : { ok: false, issues: issues.issues };
}

interface Ctx {
  readonly issues: IssueCollector;
  readonly types: readonly string[];
}

function parseNode(raw: Json, at: string, ctx: Ctx): ConfigNode | null {
  const { issues } = ctx;
  if (!isObject(raw)) {
    issues.add(at, 'each property must be an object');
    return null;
  }
  if (typeof raw.key !== 'string' || raw.key.trim() === '')
    issues.add(ptr(at, 'key'), '"key" must be a non-empty string');
  if (raw.type === 'array') return parseGroup(raw, at, ctx, false);
  if (typeof raw.type !== 'string' || !ctx.types.includes(raw.type)) {
    issues.add(ptr(at, 'type'), `"type" must be one of array, ${ctx.types.join(', ')}`);
    return null;
  }
  return parseField(raw, raw.type as ConfigFieldType, at, issues);
}

function parseGroup(raw: JsonObject, at: string, ctx: Ctx, isRoot: boolean): ConfigGroup | null {
  const { issues } = ctx;
  const props = raw.properties;
  if (!Array.isArray(props) || props.length === 0) {
    issues.add(ptr(at, 'properties'), 'a group ("type": "array") must have a non-empty "properties" list');
    return null;
  }
  const seen = new Set<string>();
  const children: ConfigNode[] = [];
  props.forEach((p, i) => {
    const child = parseNode(p, ptr(ptr(at, 'properties'), i), ctx);
    if (!child) return;
    if (seen.has(child.key)) issues.add(ptr(ptr(ptr(at, 'properties'), i), 'key'), `duplicate key "${child.key}"`);
    seen.add(child.key);
    children.push(child);
  });
  return { ...common(raw), key: isRoot ? '' : String(raw.key ?? ''), type: 'array', properties: children };
}

function common(raw: JsonObject): { label?: string; description?: string; required: boolean; changeable?: boolean } {
  return {
    label: typeof raw.label === 'string' ? raw.label : undefined,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    required: raw.required === true,
    changeable: typeof raw.changeable === 'boolean' ? raw.changeable : undefined,
  };
}

function parseField(raw: JsonObject, type: ConfigFieldType, at: string, issues: IssueCollector): ConfigField {
  const numeric = type === 'integer' || type === 'number';
  const num = (name: 'min' | 'max' | 'step'): number | undefined => {
    const v = raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || (type === 'integer' && !Number.isInteger(v)) || (name === 'step' && v <= 0)) {
      issues.add(
        ptr(at, name),
        `"${name}" must be a${name === 'step' ? ' positive' : ''} ${type === 'integer' ? 'integer' : 'number'}`,
      );
      return undefined;
    }
    return v;
  };
  const field: ConfigField = {
    ...common(raw),
    key: String(raw.key ?? ''),
    type,
    min: numeric ? num('min') : undefined,
    max: numeric ? num('max') : undefined,
    step: numeric ? num('step') : undefined,
    range: Array.isArray(raw.range)
      ? (raw.range.filter((r) => typeof r !== 'object') as (string | number | boolean)[])
      : undefined,
    pattern: typeof raw.pattern === 'string' ? raw.pattern : undefined,
    multichoice: raw.multichoice === true,
    separator: typeof raw.separator === 'string' ? raw.separator : undefined,
  };
  if (field.min !== undefined && field.max !== undefined && field.min > field.max)
    issues.add(ptr(at, 'min'), '"min" is greater than "max"');
  if (raw.default !== undefined && raw.default !== null) {
    const problem = checkValue(field, raw.default);
    if (problem) issues.add(ptr(at, 'default'), `default ${JSON.stringify(raw.default)}: ${problem}`);
    else return { ...field, default: raw.default as string | number | boolean };
  }
  return field;
}

/** Why `value` is not acceptable for `field`, or null. Used for defaults and for user input. */
export function checkValue(field: ConfigField, value: unknown): string | null {
  switch (field.type) {
    case 'integer':
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return `must be a ${field.type}`;
      if (field.type === 'integer' && !Number.isInteger(n)) return 'must be an integer';
      if (field.min !== undefined && n < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && n > field.max) return `must be at most ${field.max}`;
      if (field.step !== undefined && !isMultiple(n - (field.min ?? 0), field.step))
        return `must be a multiple of ${field.step}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? null : 'must be a boolean';
    case 'service':
    case 'loadbalancer':
      return typeof value === 'string' || Array.isArray(value) ? null : 'must be a string or a list';
    default:
      return typeof value === 'string' ? null : 'must be a string';
  }
}

function isMultiple(n: number, step: number): boolean {
  const q = n / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/**
 * The defaults of a config as nested values, like OpenPitrix's GetDefaultConfig: a missing
 * default becomes 0, 0.0, "" or false by type.
 */
export function defaultValues(group: ConfigGroup): ConfigValues {
  const out: ConfigValues = {};
  for (const node of group.properties) {
    if (node.type === 'array') out[node.key] = defaultValues(node);
    else out[node.key] = node.default ?? zeroOf(node.type);
  }
  return out;
}

function zeroOf(type: ConfigFieldType): string | number | boolean | null {
  if (type === 'service' || type === 'loadbalancer') return null;
  return type === 'integer' || type === 'number' ? 0 : type === 'boolean' ? false : '';
}
