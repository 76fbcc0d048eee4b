import { IssueCollector, isObject, ptr, type Json, type JsonObject } from './package-issues';

/**
 * Small typed readers for validating JSON objects field by field. Each reader records a
 * problem in the collector and returns undefined when the field is present but wrong, so
 * validation continues and reports every problem at once.
 */
export class JsonChecker {
  constructor(readonly issues: IssueCollector) {}

  /** Records an "unknown key" problem for every key not in `allowed`. */
  onlyKeys(obj: JsonObject, at: string, allowed: ReadonlySet<string>): void {
    for (const key of Object.keys(obj)) if (!allowed.has(key)) this.issues.add(ptr(at, key), `unknown key "${key}"`);
  }

  str(
    obj: JsonObject,
    key: string,
    at: string,
    o: { required?: boolean; maxLength?: number; nonBlank?: boolean; oneOf?: readonly string[] } = {},
  ): string | undefined {
    const v = this.present(obj, key, at, o.required);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.fail(at, key, 'must be a string');
    if (o.maxLength !== undefined && v.length > o.maxLength)
      return this.fail(at, key, `must be at most ${o.maxLength} characters`);
    if (o.nonBlank && v.trim() === '') return this.fail(at, key, 'must not be blank');
    if (o.oneOf && !o.oneOf.includes(v)) return this.fail(at, key, `must be one of ${o.oneOf.join(', ')}`);
    return v;
  }

  int(
    obj: JsonObject,
    key: string,
    at: string,
    o: { required?: boolean; min?: number; max?: number } = {},
  ): number | undefined {
    const v = this.present(obj, key, at, o.required);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v))
      return this.fail(at, key, `must be an integer, got ${JSON.stringify(v)}`);
    if (o.min !== undefined && v < o.min) return this.fail(at, key, `must be at least ${o.min}`);
    if (o.max !== undefined && v > o.max) return this.fail(at, key, `must be at most ${o.max}`);
    return v;
  }

  bool(obj: JsonObject, key: string, at: string): boolean | undefined {
    const v = this.present(obj, key, at, false);
    if (v === undefined) return undefined;
    return typeof v === 'boolean' ? v : this.fail(at, key, 'must be a boolean');
  }

  obj(obj: JsonObject, key: string, at: string, required = false): JsonObject | undefined {
    const v = this.present(obj, key, at, required);
    if (v === undefined) return undefined;
    return isObject(v) ? v : this.fail(at, key, 'must be an object');
  }

  arr(obj: JsonObject, key: string, at: string, o: { required?: boolean; maxItems?: number } = {}): Json[] | undefined {
    const v = this.present(obj, key, at, o.required);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.fail(at, key, 'must be an array');
    if (o.maxItems !== undefined && v.length > o.maxItems)
      return this.fail(at, key, `must have at most ${o.maxItems} items`);
    return v;
  }

  /** Array of strings, optionally unique and from a fixed set. */
  strings(
    obj: JsonObject,
    key: string,
    at: string,
    o: { unique?: boolean; oneOf?: readonly string[] } = {},
  ): string[] | undefined {
    const list = this.arr(obj, key, at);
    if (!list) return undefined;
    if (!list.every((s) => typeof s === 'string')) return this.fail(at, key, 'must be an array of strings');
    const strs = list as string[];
    if (o.unique && new Set(strs).size !== strs.length) return this.fail(at, key, 'must not repeat items');
    const bad = o.oneOf ? strs.find((s) => !o.oneOf!.includes(s)) : undefined;
    if (bad !== undefined) return this.fail(at, key, `"${bad}" is not one of ${o.oneOf!.join(', ')}`);
    return strs;
  }

  /** Value of `key`: undefined when absent or null (recording a problem if required). */
  private present(obj: JsonObject, key: string, at: string, required?: boolean): Json | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) this.issues.add(ptr(at, key), `"${key}" is required`);
      return undefined;
    }
    return v;
  }

  private fail(at: string, key: string, message: string): undefined {
    this.issues.add(ptr(at, key), `"${key}" ${message}`);
    return undefined;
  }
}
