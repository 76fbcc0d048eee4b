import { apiErrors } from '../api/api-errors';
import { parseFieldSelector } from '../api/field-selector';
import type { KubeObject } from '../api/kube-object.types';
import { parseLabelSelector } from '../api/label-selector';
import type { ResourceType } from '../api/resource-type';

/** List parameters of a collection request. */
export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

/** One page of a list. `continue` is set when more items follow. */
export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: 1;
  rv: number;
  start: string;
}

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${String(o.metadata.name)}`;

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (parsed.v === 1 && typeof parsed.start === 'string') return parsed;
  } catch (err) {
    throw apiErrors.badRequest(`continue key is not valid: ${(err as Error).message}`);
  }
  throw apiErrors.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/**
 * Filters sorted objects by selectors and cuts one page. A continuation resumes after the last
 * key of the previous page against the current state (the sandbox keeps no snapshots, so a page
 * sequence is not a consistent snapshot when objects change in between).
 */
export function pageOf(sorted: KubeObject[], type: ResourceType, query: ListQuery, revision: number): ListPage {
  const labels = parseLabelSelector(query.labelSelector);
  const fields = parseFieldSelector(query.fieldSelector, type);
  let items = sorted.filter((o) => labels.matches(o.metadata.labels) && fields.matches(o));
  let rv = revision;
  if (query.continue) {
    const token = decodeContinue(query.continue);
    rv = token.rv;
    items = items.filter((o) => keyOf(o) > token.start);
  }
  const limit = query.limit && query.limit > 0 ? query.limit : undefined;
  if (!limit || items.length <= limit) return { items, resourceVersion: String(revision) };
  const page = items.slice(0, limit);
  const token: ContinueToken = { v: 1, rv, start: keyOf(page[page.length - 1]) };
  return {
    items: page,
    resourceVersion: String(revision),
    continue: Buffer.from(JSON.stringify(token)).toString('base64url'),
    remainingItemCount: labels.requirements.length || fields.requirements.length ? undefined : items.length - limit,
  };
}
