/** Builds `col = value` lists for the data layer's UPDATE statements. */

/** A value for an UPDATE: a plain parameter, raw SQL (`{ raw }`), or JSON stored as jsonb (`{ json }`). */
export type SqlValue =
  string | number | boolean | null | Date | readonly string[] | { readonly raw: string } | { readonly json: unknown };

export const NOW: SqlValue = { raw: 'now()' };

/** Returns `"a" = ?, "b" = now()` and its parameters, in key order. */
export function buildSet(values: Readonly<Record<string, SqlValue | undefined>>): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object' && 'raw' in value) {
      parts.push(`${column} = ${value.raw}`);
    } else if (value !== null && typeof value === 'object' && 'json' in value) {
      parts.push(`${column} = ?::jsonb`);
      params.push(value.json === null ? null : JSON.stringify(value.json));
    } else if (Array.isArray(value)) {
      parts.push(value.length === 0 ? `${column} = '{}'::text[]` : `${column} = array[?]::text[]`);
      if (value.length > 0) params.push(value);
    } else {
      parts.push(`${column} = ?`);
      params.push(value);
    }
  }
  return { sql: parts.join(', '), params };
}
