import type { QcTagJson, QingCloudApi } from './qingcloud.api';

/**
 * Marina's key/value tags on QingCloud, whose tags are names only: the tag `key=value`. Tag names
 * are not unique on QingCloud, so a lookup takes every tag of that name and callers compare names.
 */
export function tagName(key: string, value: string): string {
  return `${key}=${value}`;
}

export function tagsFromJson(tags: readonly QcTagJson[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { tag_name } of tags ?? []) {
    const eq = tag_name.indexOf('=');
    if (eq < 0) out[tag_name] = '';
    else out[tag_name.slice(0, eq)] = tag_name.slice(eq + 1);
  }
  return out;
}

export function hasTags(actual: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => actual[k] === v);
}

export class QingCloudTagBook {
  constructor(private readonly api: QingCloudApi) {}

  /** The ids of the tags named `name` (empty when none). */
  async idsOf(name: string): Promise<string[]> {
    const res = await this.api.describeTags({ search_word: name, limit: 100 });
    return res.tag_set.filter((t) => t.tag_name === name).map((t) => t.tag_id);
  }

  /** Every id of every wanted tag; undefined when one of them does not exist (nothing can carry it). */
  async find(tags: Readonly<Record<string, string>>): Promise<string[] | undefined> {
    const ids: string[] = [];
    for (const [k, v] of Object.entries(tags)) {
      const found = await this.idsOf(tagName(k, v));
      if (found.length === 0) return undefined;
      ids.push(...found);
    }
    return ids;
  }

  /** Attaches the tags to a resource, creating the tags that do not exist yet. */
  async attach(
    resourceType: 'instance' | 'volume' | 'keypair',
    resourceId: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    const pairs = [];
    for (const [k, v] of Object.entries(tags)) {
      const name = tagName(k, v);
      const tagId = (await this.idsOf(name))[0] ?? (await this.api.createTag(name)).tag_id;
      pairs.push({ tag_id: tagId, resource_type: resourceType, resource_id: resourceId });
    }
    if (pairs.length > 0) await this.api.attachTags(pairs);
  }
}
