/**
 * EC2 Query parameters (`Action=…&Version=…&InstanceId.1=…&Filter.1.Name=…&Filter.1.Value.1=…`),
 * read the way EC2 reads them: lists are `Name.N` from 1 upward, structures are `Name.N.Member`.
 * Reading a missing required value or a malformed number throws EC2's own error.
 */
import { createHash } from 'node:crypto';
import { ec2Faults } from './ec2.errors';
import { dict } from './ec2.model';

export interface Ec2Filter {
  readonly name: string;
  readonly values: readonly string[];
}

export class QueryParams {
  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  static parse(body: string): QueryParams {
    return new QueryParams(new Map(new URLSearchParams(body)));
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') throw ec2Faults.missing(name);
    return value;
  }

  int(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    const { min = -Infinity, max = Infinity } = range;
    if (!/^-?\d+$/.test(raw) || value < min || value > max) throw ec2Faults.invalidValue(name, raw);
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false') throw ec2Faults.invalidValue(name, raw);
    return raw === 'true';
  }

  /** `Name.1`, `Name.2`, … in order. */
  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; this.values.has(`${name}.${i}`); i++) out.push(this.values.get(`${name}.${i}`)!);
    return out;
  }

  /** The structures `Name.1.*`, `Name.2.*`, … each as its own parameter view. */
  structs(name: string): QueryParams[] {
    const groups = new Map<number, Map<string, string>>();
    const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
    for (const [key, value] of this.values) {
      const m = pattern.exec(key);
      if (!m) continue;
      const index = Number(m[1]);
      if (!groups.has(index)) groups.set(index, new Map());
      groups.get(index)!.set(m[2], value);
    }
    return [...groups.keys()].sort((a, b) => a - b).map((i) => new QueryParams(groups.get(i)!));
  }

  filters(): Ec2Filter[] {
    return this.structs('Filter').map((f) => ({ name: f.required('Name'), values: f.list('Value') }));
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs (a missing value is the empty string, as in EC2). */
  tags(name = 'Tag'): Record<string, string> {
    const out = dict<string>();
    for (const tag of this.structs(name)) out[tag.required('Key')] = tag.get('Value') ?? '';
    return out;
  }

  /** Tags requested for a resource type through `TagSpecification.N.ResourceType` / `.Tag.M.*`. */
  tagsFor(resourceType: string): Record<string, string> {
    const out = dict<string>();
    for (const spec of this.structs('TagSpecification')) {
      if (spec.required('ResourceType') === resourceType) Object.assign(out, spec.tags());
    }
    return out;
  }

  /** A digest of every parameter except those named, for client-token comparisons. */
  digest(except: readonly string[]): string {
    const kept = [...this.values]
      .filter(([key]) => !except.includes(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return createHash('sha256').update(JSON.stringify(kept)).digest('hex');
  }
}
