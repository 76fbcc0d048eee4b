/**
 * EC2's Describe* selection rules in one place: filters (AND across filters, OR across a filter's values,
 * `*` and `?` wildcards), including the tag filters every resource shares (`tag:<key>`,
 * `tag-key`, `tag-value`). An unknown filter name is InvalidParameterValue, as in EC2.
 */
import { Ec2Fault } from './ec2.errors';
import type { Ec2Filter } from './query.parser';

export type FilterFields<T> = Readonly<Record<string, (item: T) => string | readonly string[] | undefined>>;

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

function matchesAny(actual: string | readonly string[] | undefined, wanted: readonly string[]): boolean {
  const candidates = actual === undefined ? [] : typeof actual === 'string' ? [actual] : actual;
  return wanted.some((w) => {
    const re = wildcard(w);
    return candidates.some((c) => re.test(c));
  });
}

function tagField(name: string, tags: Readonly<Record<string, string>>): string | readonly string[] | undefined {
  if (name.startsWith('tag:')) return tags[name.slice(4)];
  if (name === 'tag-key') return Object.keys(tags);
  return Object.values(tags);
}

const isTagFilter = (name: string) => name.startsWith('tag:') || name === 'tag-key' || name === 'tag-value';

export function applyFilters<T>(
  items: readonly T[],
  filters: readonly Ec2Filter[],
  fields: FilterFields<T>,
  tagsOf: (item: T) => Readonly<Record<string, string>>,
): T[] {
  for (const f of filters) {
    if (!isTagFilter(f.name) && !fields[f.name])
      throw new Ec2Fault('InvalidParameterValue', `The filter '${f.name}' is invalid`);
  }
  return items.filter((item) =>
    filters.every((f) =>
      matchesAny(isTagFilter(f.name) ? tagField(f.name, tagsOf(item)) : fields[f.name](item), f.values),
    ),
  );
}

/** `MaxResults`/`NextToken` paging over an already filtered list (the token is the next offset). */
export function page<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  const start = nextToken === undefined ? 0 : Number.parseInt(nextToken, 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new Ec2Fault('InvalidParameterValue', `Invalid NextToken '${nextToken}'`);
  if (maxResults === undefined) return { items: items.slice(start) };
  const end = start + maxResults;
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}
