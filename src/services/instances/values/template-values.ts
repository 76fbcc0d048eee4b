/**
 * Values of TEMPLATE instances: the user's variable values (`config`), checked against the
 * package's declared variables before anything is written, and split so that `secret` variables
 * never reach Instance.config, revisions or job inputs (they are sealed apart: ../instance-secrets).
 * Values are text: numbers and booleans are taken as their JSON text, anything else is refused.
 * Built-in DOCKER_IMAGE may be given; APP_NAME and NAMESPACE come from the platform.
 */
import type { TemplatePackageMetadata, TemplateVariable } from '../../../packages/template/template-types';
import { ValidationFailure, type FieldProblem } from '../../errors';

/** Variables the user may give beside the declared ones. */
const USER_BUILTINS: ReadonlySet<string> = new Set(['DOCKER_IMAGE']);
const PLATFORM_BUILTINS: ReadonlySet<string> = new Set(['APP_NAME', 'NAMESPACE']);

export interface SplitValues {
  /** What Instance.config and revisions keep. */
  readonly plain: Record<string, string>;
  /** Secret variables' values (sealed apart, never echoed). */
  readonly secrets: Record<string, string>;
}

/**
 * Every problem of `config` for `meta` (null when none). `storedSecrets` names secret variables
 * the instance already has a value for (upgrades carry them over), which count as given.
 */
export function checkTemplateValues(
  meta: TemplatePackageMetadata,
  config: Readonly<Record<string, unknown>>,
  storedSecrets: readonly string[] = [],
): ValidationFailure | null {
  const problems: FieldProblem[] = [];
  const declared = new Map(meta.variables.map((v) => [v.name, v]));
  for (const [key, value] of Object.entries(config)) {
    const at = `config.${key}`;
    if (PLATFORM_BUILTINS.has(key)) problems.push({ path: at, message: `${key} is set by the platform` });
    else if (!declared.has(key) && !USER_BUILTINS.has(key))
      problems.push({ path: at, message: `${meta.name} declares no variable ${key}` });
    else if (textOf(value) === null) problems.push({ path: at, message: 'must be a string, number or boolean' });
  }
  for (const v of meta.variables) {
    if (!v.required || v.default !== undefined) continue;
    const given = textOf(config[v.name]);
    if ((given === null || given === '') && !(v.secret && storedSecrets.includes(v.name)))
      problems.push({ path: `config.${v.name}`, message: `${label(v)} is required` });
  }
  if (problems.length === 0) return null;
  return new ValidationFailure(
    `Invalid values for ${meta.name}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    problems,
  );
}

/** `config` (already checked) as text values, secret ones apart. */
export function splitTemplateValues(
  meta: TemplatePackageMetadata,
  config: Readonly<Record<string, unknown>>,
): SplitValues {
  const secret = new Set(meta.variables.filter((v) => v.secret).map((v) => v.name));
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const text = textOf(value);
    if (text === null) continue;
    if (secret.has(key)) secrets[key] = text;
    else plain[key] = text;
  }
  return { plain, secrets };
}

/** Defaults with the user's values over them; secret variables shown as set or not, never their value. */
export function effectiveTemplateValues(
  meta: TemplatePackageMetadata,
  config: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of meta.variables) {
    if (v.secret) continue;
    const value = textOf(config[v.name]) ?? v.default;
    if (value !== undefined) out[v.name] = value;
  }
  if (typeof config.DOCKER_IMAGE === 'string') out.DOCKER_IMAGE = config.DOCKER_IMAGE;
  return out;
}

/**
 * The one-click deploy form: a JSON schema (draft 2020-12) of the declared variables (every value
 * a string; `secret` ones `writeOnly` with format `password`; required ones without a default
 * listed in `required`). `variables` keeps the declarations as written in package.json.
 */
export function templateConfigSchema(meta: TemplatePackageMetadata): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const v of meta.variables) {
    properties[v.name] = {
      type: 'string',
      title: v.name,
      ...(v.description ? { description: v.description } : {}),
      ...(v.default !== undefined && !v.secret ? { default: v.default } : {}),
      ...(v.secret ? { writeOnly: true, format: 'password' } : {}),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: meta.name,
    properties,
    required: meta.variables.filter((v) => v.required && v.default === undefined).map((v) => v.name),
    additionalProperties: false,
    variables: meta.variables,
  };
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

function label(v: TemplateVariable): string {
  return v.description ? `${v.name} (${v.description})` : v.name;
}
