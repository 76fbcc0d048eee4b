/**
 * Which of the user's overrides a chart no longer has a place for: after an upgrade to another
 * chart version they are still applied, but nothing in the chart reads them any more.
 */
import { isJsonObject, type JsonValue, type ValueOverrides } from './value-overrides';
import { valuePath } from './value-path';
import { SchemaScope } from './value-schema-scope';

/**
 * The dotted paths (see value-path.ts) of every override leaf whose key the chart's defaults do
 * not have, unless the chart's values.schema.json explicitly allows that key (see
 * value-schema-scope.ts). A leaf is a scalar, `null`, an array (replaced whole, never indexed)
 * or an empty object. A key present in the defaults is kept whatever its type; an empty map in
 * the defaults (`podAnnotations: {}`, `resources: {}`) is free-form and keeps every key below
 * it; below any other map-valued default the walk goes on key by key, and below a key the
 * defaults lack every leaf is reported unless the schema allows a key on the way. Below a key
 * the schema allows, keys are judged by the schema alone where it describes them (properties,
 * patternProperties or additionalProperties) and all kept where it does not. Paths come in the
 * overrides' key order.
 *
 * `defaults` are the chart tree's default values (see `chartDefaults`); `schema` the parsed
 * values.schema.json (subcharts' schemas nested under their names), when there is one.
 */
export function removedValueKeys(overrides: ValueOverrides, defaults: ValueOverrides, schema?: JsonValue): string[] {
  const out: string[] = [];
  walk(overrides, defaults, SchemaScope.of(schema), [], out);
  return out;
}

function walk(
  overrides: ValueOverrides,
  defaults: ValueOverrides | null,
  scope: SchemaScope,
  at: string[],
  out: string[],
): void {
  for (const key of Object.keys(overrides)) {
    const value = overrides[key];
    const path = [...at, key];
    const known = defaults !== null && Object.prototype.hasOwnProperty.call(defaults, key);
    const nested = isJsonObject(value) && Object.keys(value).length > 0;
    if (!known && scope.allows(key)) {
      const child = scope.child(key);
      if (nested && child.describesKeys()) walk(value, null, child, path, out);
      continue;
    }
    const def = known ? (defaults as ValueOverrides)[key] : undefined;
    if (nested) {
      if (known && (!isJsonObject(def) || Object.keys(def).length === 0)) continue;
      walk(value, known ? (def as ValueOverrides) : null, scope.child(key), path, out);
    } else if (!known) {
      out.push(valuePath(path));
    }
  }
}
