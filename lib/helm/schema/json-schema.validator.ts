/**
 * JSON Schema validation (drafts 4/6/7 keywords) reporting errors in the words of
 * xeipuuv/gojsonschema, the validator of Helm 3.17: `<field>: <description>` where field is
 * "(root)" or a dotted path ("replica.autoscaling.targetCPU", "list.0").
 */
import { JsonNumber, type JsonTree } from '@marina/go-runtime';

type Schema = boolean | { readonly [k: string]: unknown };

/** One validation problem. */
export interface SchemaIssue {
  readonly field: string;
  readonly description: string;
}

/** The schema itself is unusable (bad JSON or an unresolvable $ref). */
export class SchemaLoadError extends Error {
  readonly code = 'INVALID_SCHEMA';
  override readonly name = 'SchemaLoadError';
}

/** Validates `instance` (parsed JSON) against `schema`; returns issues in gojsonschema order. */
export function validateJsonSchema(schema: Schema, instance: unknown): SchemaIssue[] {
  const v = new Validator(schema);
  v.validate(schema, instance, []);
  return v.issues;
}

function fieldOf(path: readonly string[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function jsonText(v: unknown): string {
  return JSON.stringify(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** `properties` when a schema has none (a plain object, so `in` sees the same prototype as a parsed one). */
/** Own keys only: a values key such as `constructor` or `toString` is not "declared" by Object.prototype. */
function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

const NO_PROPERTIES: Readonly<Record<string, unknown>> = Object.freeze({});

function typeAccepts(t: unknown, given: string): boolean {
  return t === given || (t === 'number' && given === 'integer');
}

function numberText(n: unknown): string {
  return typeof n === 'number' ? String(n) : String(n);
}

/**
 * `path` is one array per validation, pushed and popped around each child (issues copy it into
 * their field text when they are added), so checking a property allocates nothing.
 */
class Validator {
  readonly issues: SchemaIssue[] = [];
  constructor(private readonly root: Schema) {}

  private add(path: readonly string[], description: string): void {
    this.issues.push({ field: fieldOf(path), description });
  }

  /** Validates and reports; returns whether it was valid. */
  validate(schema: Schema, v: unknown, path: string[]): boolean {
    const before = this.issues.length;
    this.check(schema, v, path);
    return this.issues.length === before;
  }

  /** Validates silently (for anyOf/oneOf/not/if). */
  private passes(schema: Schema, v: unknown, path: string[]): boolean {
    const sub = new Validator(this.root);
    sub.check(schema, v, path);
    return sub.issues.length === 0;
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#')) throw new SchemaLoadError(`unsupported $ref ${ref}`);
    let cur: unknown = this.root;
    for (const raw of ref
      .slice(1)
      .split('/')
      .filter((p) => p !== '')) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObj(cur) || !(part in cur)) throw new SchemaLoadError(`Object has no key '${part}'`);
      cur = cur[part];
    }
    return cur as Schema;
  }

  private check(schema: Schema, v: unknown, path: string[]): void {
    if (schema === true) return;
    if (schema === false) return this.add(path, 'False always fails validation');
    if (typeof schema.$ref === 'string') return this.check(this.resolve(schema.$ref), v, path);
    this.combinators(schema, v, path);
    this.common(schema, v, path);
    if (!this.typeMatches(schema, v, path)) return;
    if (Array.isArray(v)) this.array(schema, v, path);
    else if (isObj(v)) this.object(schema, v, path);
    else if (typeof v === 'string') this.string(schema, v, path);
    else if (typeof v === 'number') this.number(schema, v, path);
  }

  private combinators(s: Record<string, unknown>, v: unknown, path: string[]): void {
    if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => this.passes(x as Schema, v, path)))
      this.add(path, 'Must validate at least one schema (anyOf)');
    if (Array.isArray(s.oneOf) && s.oneOf.filter((x) => this.passes(x as Schema, v, path)).length !== 1)
      this.add(path, 'Must validate one and only one schema (oneOf)');
    if (Array.isArray(s.allOf)) {
      const before = this.issues.length;
      for (const x of s.allOf) this.check(x as Schema, v, path);
      if (this.issues.length > before) this.add(path, 'Must validate all the schemas (allOf)');
    }
    if (s.not !== undefined && this.passes(s.not as Schema, v, path))
      this.add(path, 'Must not validate the schema (not)');
    if (s.if !== undefined) {
      if (this.passes(s.if as Schema, v, path)) {
        if (s.then !== undefined && !this.validate(s.then as Schema, v, path))
          this.add(path, 'Must validate "then" as "if" was valid');
      } else if (s.else !== undefined && !this.validate(s.else as Schema, v, path))
        this.add(path, 'Must validate "else" as "if" was not valid');
    }
  }

  private common(s: Record<string, unknown>, v: unknown, path: string[]): void {
    if ('const' in s && !deepEqual(s.const, v)) this.add(path, `${fieldOf(path)} does not match: ${jsonText(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
      this.add(path, `${fieldOf(path)} must be one of the following: ${s.enum.map(jsonText).join(', ')}`);
    }
  }

  private typeMatches(s: Record<string, unknown>, v: unknown, path: string[]): boolean {
    const type = s.type;
    if (type === undefined) return true;
    const given = typeOf(v);
    const ok = Array.isArray(type) ? type.some((t) => typeAccepts(t, given)) : typeAccepts(type, given);
    if (!ok) {
      const types = Array.isArray(type) ? (type as string[]) : [type as string];
      const expected = types.length === 1 ? types[0] : `[${types.join(',')}]`;
      this.add(path, `Invalid type. Expected: ${expected}, given: ${given}`);
    }
    return ok;
  }

  private array(s: Record<string, unknown>, v: unknown[], path: string[]): void {
    if (typeof s.minItems === 'number' && v.length < s.minItems)
      this.add(path, `Array must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems)
      this.add(path, `Array must have at most ${s.maxItems} items`);
    if (s.uniqueItems === true) {
      for (let i = 0; i < v.length; i++) {
        for (let j = i + 1; j < v.length; j++) {
          if (deepEqual(v[i], v[j])) {
            this.add(path, `array items[${i},${j}] must be unique`);
            i = v.length;
            break;
          }
        }
      }
    }
    if (s.contains !== undefined && !v.some((x, i) => this.passesAt(s.contains as Schema, x, path, String(i))))
      this.add(path, 'At least one of the items must match');
    if (Array.isArray(s.items)) {
      s.items.forEach((sub, i) => i < v.length && this.checkAt(sub as Schema, v[i], path, String(i)));
      if (s.additionalItems === false && v.length > s.items.length)
        this.add(path, 'No additional items allowed on array');
      else if (isObj(s.additionalItems))
        for (let i = s.items.length; i < v.length; i++) this.checkAt(s.additionalItems, v[i], path, String(i));
    } else if (s.items !== undefined) {
      v.forEach((x, i) => this.checkAt(s.items as Schema, x, path, String(i)));
    }
  }

  /** check() of a child: `seg` appended to `path` meanwhile. */
  private checkAt(schema: Schema, v: unknown, path: string[], seg: string): void {
    path.push(seg);
    this.check(schema, v, path);
    path.pop();
  }

  private passesAt(schema: Schema, v: unknown, path: string[], seg: string): boolean {
    path.push(seg);
    const ok = this.passes(schema, v, path);
    path.pop();
    return ok;
  }

  private object(s: Record<string, unknown>, v: Record<string, unknown>, path: string[]): void {
    const keys = Object.keys(v);
    // gojsonschema checks dependencies with const/enum (validateCommon), before the object keywords.
    if (isObj(s.dependencies)) this.dependencies(s.dependencies, v, path);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
      this.add(path, `Must have at least ${s.minProperties} properties`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      this.add(path, `Must have at most ${s.maxProperties} properties`);
    if (Array.isArray(s.required))
      for (const r of s.required as string[]) if (!hasOwn(v, r)) this.add(path, `${r} is required`);
    const props = isObj(s.properties) ? s.properties : NO_PROPERTIES;
    const patterns = isObj(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    const additional = s.additionalProperties;
    // without patterns, a key outside `properties` only matters when additionalProperties says something
    if (patterns.length > 0 || additional === false || isObj(additional)) {
      for (const k of keys) {
        const inProps = hasOwn(props, k);
        const matching = patterns.length === 0 ? patterns : patterns.filter(([p]) => re(p).test(k));
        if (!inProps && matching.length === 0) {
          if (additional === false) this.add(path, `Additional property ${k} is not allowed`);
          else if (isObj(additional)) this.checkAt(additional, v[k], path, k);
        }
      }
    }
    if (s.propertyNames !== undefined) {
      for (const k of keys)
        if (!this.passes(s.propertyNames as Schema, k, path)) this.add(path, `Property name of "${k}" does not match`);
    }
    for (const k of Object.keys(props)) if (hasOwn(v, k)) this.checkAt(props[k] as Schema, v[k], path, k);
    if (patterns.length > 0)
      for (const k of keys)
        for (const [, sub] of patterns.filter(([p]) => re(p).test(k))) this.checkAt(sub as Schema, v[k], path, k);
  }

  private dependencies(deps: Record<string, unknown>, v: Record<string, unknown>, path: string[]): void {
    for (const [k, dep] of Object.entries(deps)) {
      if (!hasOwn(v, k)) continue;
      if (Array.isArray(dep))
        for (const d of dep as string[]) if (!hasOwn(v, d)) this.add(path, `Has a dependency on ${d}`);
      if (isObj(dep) || typeof dep === 'boolean') this.check(dep as Schema, v, path);
    }
  }

  private string(s: Record<string, unknown>, v: string, path: string[]): void {
    const len = Array.from(v).length;
    if (typeof s.minLength === 'number' && len < s.minLength)
      this.add(path, `String length must be greater than or equal to ${s.minLength}`);
    if (typeof s.maxLength === 'number' && len > s.maxLength)
      this.add(path, `String length must be less than or equal to ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !re(s.pattern).test(v))
      this.add(path, `Does not match pattern '${s.pattern}'`);
    if (typeof s.format === 'string' && !formatOk(s.format, v)) this.add(path, `Does not match format '${s.format}'`);
  }

  private number(s: Record<string, unknown>, v: number, path: string[]): void {
    if (typeof s.multipleOf === 'number' && !isMultiple(v, s.multipleOf))
      this.add(path, `Must be a multiple of ${numberText(s.multipleOf)}`);
    const exMax = s.exclusiveMaximum;
    const exMin = s.exclusiveMinimum;
    if (typeof s.maximum === 'number') {
      if (exMax === true ? v >= s.maximum : v > s.maximum)
        this.add(
          path,
          exMax === true ? `Must be less than ${s.maximum}` : `Must be less than or equal to ${s.maximum}`,
        );
    }
    if (typeof exMax === 'number' && v >= exMax) this.add(path, `Must be less than ${exMax}`);
    if (typeof s.minimum === 'number') {
      if (exMin === true ? v <= s.minimum : v < s.minimum)
        this.add(
          path,
          exMin === true ? `Must be greater than ${s.minimum}` : `Must be greater than or equal to ${s.minimum}`,
        );
    }
    if (typeof exMin === 'number' && v <= exMin) this.add(path, `Must be greater than ${exMin}`);
  }
}

const regexCache = new Map<string, RegExp>();

/** Compiled (cached) regular expression for a schema pattern. */
function re(pattern: string): RegExp {
  let r = regexCache.get(pattern);
  if (!r) {
    r = new RegExp(pattern, 'u');
    if (regexCache.size > 2000) regexCache.clear();
    regexCache.set(pattern, r);
  }
  return r;
}

function isMultiple(v: number, m: number): boolean {
  const q = v / m;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  email: /^[^@\s]+@[^@\s]+$/,
  hostname:
    /^(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/,
};

function formatOk(format: string, v: string): boolean {
  const re = FORMATS[format];
  return re ? re.test(v) : true;
}

/** Converts a JsonTree (textual numbers) into plain parsed JSON for validation. */
export function jsonTreeToPlain(t: JsonTree): unknown {
  if (t === null || typeof t === 'boolean' || typeof t === 'string') return t;
  if (t instanceof JsonNumber) return Number(t.text);
  if (Array.isArray(t)) return t.map(jsonTreeToPlain);
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of t.members) out[k] = jsonTreeToPlain(v);
  return out;
}
