/**
 * Which keys a values.schema.json explicitly allows at a place in the values: a key named in
 * `properties`, matched by `patternProperties`, or any key where `additionalProperties` is `true`
 * or a schema. Local `$ref`s (`#/…`) are followed; `allOf` / `anyOf` / `oneOf` branches each may
 * allow a key. A schema that says nothing about a key does not allow it.
 */
import { isJsonObject, type JsonValue } from './value-overrides';

type SchemaNode = { readonly [key: string]: JsonValue };

const MAX_REF_HOPS = 32;

/** A place in a schema tree: the subschemas that apply to one values object. */
export class SchemaScope {
  private constructor(
    private readonly root: SchemaNode,
    private readonly nodes: readonly SchemaNode[],
  ) {}

  /** The scope of a whole schema document (with its branches); an unusable document gives an empty scope. */
  static of(schema: JsonValue | undefined): SchemaScope {
    if (!isJsonObject(schema)) return new SchemaScope({}, []);
    return new SchemaScope(schema, []).withNodes([schema]);
  }

  /** Whether some subschema here explicitly allows `key`. */
  allows(key: string): boolean {
    return this.nodes.some((n) => allowsKey(n, key));
  }

  /** Whether some subschema here says which keys an object may have. */
  describesKeys(): boolean {
    return this.nodes.some((n) => 'properties' in n || 'patternProperties' in n || 'additionalProperties' in n);
  }

  /** The scope of the values under `key`. */
  child(key: string): SchemaScope {
    const out: SchemaNode[] = [];
    for (const n of this.nodes) {
      const props = n.properties;
      if (hasProperty(n, key) && isJsonObject((props as SchemaNode)[key]))
        out.push((props as SchemaNode)[key] as SchemaNode);
      const patterns = n.patternProperties;
      if (isJsonObject(patterns))
        for (const [p, s] of Object.entries(patterns)) if (isJsonObject(s) && matches(p, key)) out.push(s);
      if (isJsonObject(n.additionalProperties) && !hasProperty(n, key) && !matchesPattern(n, key))
        out.push(n.additionalProperties);
    }
    return this.withNodes(out);
  }

  /** A scope of `nodes` with their `$ref` targets and `allOf` / `anyOf` / `oneOf` branches. */
  private withNodes(nodes: readonly SchemaNode[]): SchemaScope {
    const out: SchemaNode[] = [];
    const visit = (n: SchemaNode, hops: number): void => {
      if (out.includes(n) || hops > MAX_REF_HOPS) return;
      out.push(n);
      const target = typeof n.$ref === 'string' ? this.resolve(n.$ref) : null;
      if (target) visit(target, hops + 1);
      for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
        const list = n[k];
        if (Array.isArray(list)) for (const b of list) if (isJsonObject(b)) visit(b, hops);
      }
    };
    for (const n of nodes) visit(n, 0);
    return new SchemaScope(this.root, out);
  }

  private resolve(ref: string): SchemaNode | null {
    if (!ref.startsWith('#')) return null;
    let cur: JsonValue = this.root;
    for (const raw of ref
      .slice(1)
      .split('/')
      .filter((s) => s !== '')) {
      const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isJsonObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return null;
      cur = cur[part];
    }
    return isJsonObject(cur) ? cur : null;
  }
}

function hasProperty(n: SchemaNode, key: string): boolean {
  return isJsonObject(n.properties) && Object.prototype.hasOwnProperty.call(n.properties, key);
}

function allowsKey(n: SchemaNode, key: string): boolean {
  if (hasProperty(n, key)) return true;
  if (n.additionalProperties === true || isJsonObject(n.additionalProperties)) return true;
  return matchesPattern(n, key);
}

function matchesPattern(n: SchemaNode, key: string): boolean {
  const patterns = n.patternProperties;
  return isJsonObject(patterns) && Object.keys(patterns).some((p) => matches(p, key));
}

function matches(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch (err) {
    if (err instanceof SyntaxError) return false; // a pattern JS cannot read allows nothing
    throw err;
  }
}
