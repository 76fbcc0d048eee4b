import { qcErrors } from './qingcloud.errors';

/**
 * The query parameters of one QingCloud call: lists as `name.1`, `name.2`… (`instances.1=i-…`) and
 * lists of records as `name.N.field` (`resource_tag_pairs.1.tag_id`). Bad values throw ret_code 1100.
 */
export class QcParams {
  constructor(readonly raw: Readonly<Record<string, string>>) {}

  get(name: string): string | undefined {
    const value = this.raw[name];
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw qcErrors.missing(name);
    return value;
  }

  int(name: string, fallback?: number): number | undefined {
    const value = this.get(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw qcErrors.invalid(name, 'should be an integer');
    return Number(value);
  }

  /** `name.1`, `name.2`… in index order. */
  list(name: string): string[] {
    const found: [number, string][] = [];
    for (const [key, value] of Object.entries(this.raw)) {
      const m = /^(.+)\.(\d+)$/.exec(key);
      if (m && m[1] === name && value !== '') found.push([Number(m[2]), value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  requiredList(name: string): string[] {
    const values = this.list(name);
    if (values.length === 0) throw qcErrors.missing(`${name}.1`);
    return values;
  }

  /** `name.N.field` records, in index order. */
  records(name: string): Record<string, string>[] {
    const byIndex = new Map<number, Record<string, string>>();
    for (const [key, value] of Object.entries(this.raw)) {
      const m = /^(.+)\.(\d+)\.([a-z_]+)$/.exec(key);
      if (!m || m[1] !== name) continue;
      const record = byIndex.get(Number(m[2])) ?? {};
      record[m[3]] = value;
      byIndex.set(Number(m[2]), record);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  /** offset/limit paging (limit at most 100, default 20). */
  page<T>(items: readonly T[]): { items: T[]; total_count: number } {
    const offset = this.int('offset', 0) ?? 0;
    const limit = this.int('limit', 20) ?? 20;
    if (offset < 0) throw qcErrors.invalid('offset');
    if (limit < 1 || limit > 100) throw qcErrors.invalid('limit', 'should be between 1 and 100');
    return { items: items.slice(offset, offset + limit), total_count: items.length };
  }
}
