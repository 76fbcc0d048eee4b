/**
 * The user's overrides of a chart's default values (`instance.config`): a JSON object stored
 * apart from the chart's defaults, exactly as the user gave it. `null` at a key deletes that
 * default (Helm's coalescing); arrays replace the default array whole.
 */
import { ValidationFailure } from '../../errors';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object of overrides. */
export type ValueOverrides = { readonly [key: string]: JsonValue };

/** Largest accepted overrides, as JSON text (Helm keeps a whole release under 1 MiB). */
export const MAX_OVERRIDES_BYTES = 512 * 1024;
const MAX_DEPTH = 64;

/**
 * Checks user input for overrides: absent or null means no overrides; anything else must be a
 * JSON object of JSON values (finite numbers, no undefined) within {@link MAX_OVERRIDES_BYTES}.
 * Returns a private copy.
 */
export function parseOverrides(input: unknown, field = 'config'): ValueOverrides | ValidationFailure {
  if (input === undefined || input === null) return {};
  if (!isJsonObject(input)) return invalid(field, 'must be a JSON object of chart values');
  const problem = jsonProblem(input, field, 0);
  if (problem) return invalid(problem.path, problem.message);
  const text = JSON.stringify(input);
  if (Buffer.byteLength(text) > MAX_OVERRIDES_BYTES)
    return invalid(field, `must be at most ${MAX_OVERRIDES_BYTES} bytes as JSON`);
  return JSON.parse(text) as ValueOverrides;
}

function invalid(path: string, message: string): ValidationFailure {
  return new ValidationFailure(`Invalid values: ${path} ${message}`, [{ path, message }]);
}

export function isJsonObject(v: unknown): v is { readonly [key: string]: JsonValue } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function jsonProblem(v: unknown, path: string, depth: number): { path: string; message: string } | null {
  if (depth > MAX_DEPTH) return { path, message: `nests deeper than ${MAX_DEPTH} levels` };
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : { path, message: 'must be a finite number' };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = jsonProblem(v[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      const p = jsonProblem(v[k], `${path}.${k}`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  return { path, message: 'must be JSON (null, boolean, number, string, array or object)' };
}
