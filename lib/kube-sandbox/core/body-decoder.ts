import { apiErrors, KubeApiError } from '../api/api-errors';
import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from '../api/kube-object.types';
import { apiVersionOf, type ResourceType } from '../api/resource-type';
import { checkSchema, type SchemaIssue } from '../schema/schema.validator';

/** `fieldValidation` query parameter values. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface DecodedBody {
  object: KubeObject;
  warnings: string[];
}

const goTypeOf = (v: JsonValue | undefined): string =>
  v === null || v === undefined
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v;

function cannotHandle(type: ResourceType, detail: string): KubeApiError {
  return apiErrors.badRequest(
    `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${detail}`,
  );
}

function typeErrorText(type: ResourceType, issue: SchemaIssue): string {
  if (issue.message === 'illegal base64 data') return `illegal base64 data at input byte 0`;
  if (issue.expected === 'resource.Quantity')
    return `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
  const struct = issue.path.includes('.') ? issue.path : `${type.kind}.${issue.path}`;
  return `json: cannot unmarshal ${goTypeOf(issue.value)} into Go struct field ${struct} of type ${issue.expected ?? 'unknown'}`;
}

function crdCause(issue: SchemaIssue): { reason: string; field: string; message: string } {
  if (issue.kind === 'required') return { reason: 'FieldValueRequired', field: issue.path, message: 'Required value' };
  if (issue.kind === 'type') {
    const expected =
      issue.expected === 'int64' || issue.expected === 'int32'
        ? 'integer'
        : issue.expected === 'bool'
          ? 'boolean'
          : issue.expected === 'float64'
            ? 'number'
            : issue.expected?.startsWith('[]')
              ? 'array'
              : issue.expected === 'object'
                ? 'object'
                : (issue.expected ?? 'string');
    return {
      reason: 'FieldValueTypeInvalid',
      field: issue.path,
      message: `Invalid value: "${goTypeOf(issue.value)}": ${issue.path} in body must be of type ${expected}: "${goTypeOf(issue.value)}"`,
    };
  }
  return { reason: 'FieldValueInvalid', field: issue.path, message: issue.message };
}

/**
 * Turns a request body into an object of `type`: checks apiVersion/kind, rejects mistyped fields,
 * and handles unknown fields per `fieldValidation` (Strict → 400, Warn → warnings, Ignore →
 * dropped silently). CRD constraint violations are 422 Invalid.
 */
export function decodeBody(
  type: ResourceType,
  body: unknown,
  validation: FieldValidation = 'Ignore',
  expectKind = type.kind,
): DecodedBody {
  if (!isJsonObject(body))
    throw apiErrors.badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: the request body is not a JSON object`,
    );
  const want = apiVersionOf(type);
  if (body.apiVersion !== undefined && body.apiVersion !== want) {
    throw apiErrors.badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${want})`,
    );
  }
  if (body.kind !== undefined && body.kind !== expectKind) {
    throw apiErrors.badRequest(
      `the kind in the data (${String(body.kind)}) does not match the expected kind (${expectKind})`,
    );
  }
  const { value, issues } = checkSchema(body, type.schema);
  const typeIssues = issues.filter((i) => i.kind === 'type');
  if (typeIssues.length && type.source === 'builtin') throw cannotHandle(type, typeErrorText(type, typeIssues[0]));
  const unknown = issues.filter((i) => i.kind === 'unknown');
  const warnings: string[] = [];
  if (unknown.length && validation === 'Strict') {
    throw cannotHandle(type, `strict decoding error: ${unknown.map((u) => `unknown field "${u.path}"`).join(', ')}`);
  }
  if (unknown.length && validation === 'Warn') for (const u of unknown) warnings.push(`unknown field "${u.path}"`);
  const invalid = issues.filter((i) => i.kind !== 'unknown' && (type.source === 'crd' || i.kind !== 'type'));
  const name = isJsonObject(body.metadata) && typeof body.metadata.name === 'string' ? body.metadata.name : '';
  if (invalid.length) throw apiErrors.invalid(type.kind, type.group, name, invalid.map(crdCause));
  const object = value as unknown as KubeObject;
  object.apiVersion = want;
  object.kind = expectKind;
  if (!isJsonObject(object.metadata)) object.metadata = {};
  return { object, warnings };
}

/** Applies CRD schema `default`s to absent fields (structural defaulting), in place. */
export function applySchemaDefaults(value: JsonObject, type: ResourceType): void {
  if (type.source !== 'crd') return;
  walkDefaults(value, type.schema);
}

function walkDefaults(v: JsonValue, s: ResourceType['schema']): void {
  if (s.kind === 'object' && isJsonObject(v)) {
    for (const [k, child] of Object.entries(s.properties)) {
      if (v[k] === undefined && child.default !== undefined) v[k] = structuredClone(child.default);
      if (v[k] !== undefined) walkDefaults(v[k], child);
    }
  } else if (s.kind === 'array' && Array.isArray(v)) {
    for (const item of v) walkDefaults(item, s.items);
  } else if (s.kind === 'map' && isJsonObject(v)) {
    for (const item of Object.values(v)) walkDefaults(item, s.values);
  }
}
