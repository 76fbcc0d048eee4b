import { invalid, missing } from './ecs.errors';

/**
 * The parameters of one RPC call (query and form body merged), read the way ECS reads them:
 * repeated lists as `Name.1`, `Name.2`…, tag lists as `Tag.N.Key`/`Tag.N.Value`, and some id lists
 * as JSON arrays in a single parameter (`InstanceIds=["i-…"]`). Bad values throw the ECS error.
 */
export class RpcParams {
  constructor(readonly raw: Readonly<Record<string, string>>) {}

  get(name: string): string | undefined {
    const value = this.raw[name];
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw missing(name);
    return value;
  }

  int(name: string, fallback?: number): number | undefined {
    const value = this.get(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw invalid(name, 'must be an integer');
    return Number(value);
  }

  bool(name: string, fallback = false): boolean {
    const value = this.get(name);
    if (value === undefined) return fallback;
    if (value !== 'true' && value !== 'false') throw invalid(name, 'must be true or false');
    return value === 'true';
  }

  /** `Name.1`, `Name.2`… in index order. */
  list(name: string): string[] {
    return this.indexed(name, '').map(([, v]) => v);
  }

  /** A JSON array of strings carried in one parameter; undefined when absent. */
  jsonList(name: string): string[] | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(name, 'is not a JSON array');
    }
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string'))
      throw invalid(name, 'is not a JSON array of strings');
    return parsed;
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs (value may be empty). */
  tags(prefix = 'Tag'): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const [n, key] of this.indexed(prefix, '.Key')) tags[key] = this.raw[`${prefix}.${n}.Value`] ?? '';
    return tags;
  }

  /** Every parameter except the listed ones, as a stable digest source (for client tokens). */
  digestExcept(names: readonly string[]): string {
    return JSON.stringify(
      Object.keys(this.raw)
        .filter((k) => !names.includes(k))
        .sort()
        .map((k) => [k, this.raw[k]]),
    );
  }

  private indexed(name: string, suffix: string): [number, string][] {
    const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)${suffix.replace(/\./g, '\\.')}$`);
    const found: [number, string][] = [];
    for (const [key, value] of Object.entries(this.raw)) {
      const m = pattern.exec(key);
      if (m && value !== '') found.push([Number(m[1]), value]);
    }
    return found.sort((a, b) => a[0] - b[0]);
  }
}
