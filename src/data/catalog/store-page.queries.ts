/**
 * One page of the store in one statement: apps with their owner and vendor joined, mapped to
 * plain rows (store-rows). Keyword search goes through the trigram index on
 * app_search_text(name, description, keywords); keyset pagination in any order of StoreSortKeys.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppStatus, AppType } from '../../entities/enums';
import { sqlRow, sqlRows } from '../sql';
import { dateParser, opt, type ParseDate, type StoreAppRow } from './store-rows';

export type StoreSortField = 'nameMatch' | 'createdAt' | 'name' | 'deployCount' | 'id';

export interface StoreSortKey {
  readonly field: StoreSortField;
  readonly dir: 'asc' | 'desc';
}

/** What the page holds: apps in `appStatus` matching every given filter, after `after` in `order`. */
export interface StorePageQuery {
  readonly appStatus: AppStatus;
  readonly type?: AppType | null;
  readonly repoId?: string | null;
  readonly categoryId?: string | null;
  /** Substring of name, description or keywords (case-insensitive). */
  readonly search?: string | null;
  readonly order: readonly StoreSortKey[];
  /** Sort key values of the last row of the previous page, in `order`. */
  readonly after?: readonly unknown[];
  readonly limit: number;
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A SQL fragment with its `?` parameters. */
interface Sql {
  readonly text: string;
  readonly params: readonly unknown[];
}

function columnOf(field: StoreSortField, search: string | null): Sql {
  if (field === 'nameMatch')
    return search
      ? { text: `(lower(a.name) like lower(?))::int`, params: [likePattern(search)] }
      : { text: '0', params: [] };
  const columns = { createdAt: 'a.created_at', name: 'a.name', deployCount: 'a.deploy_count', id: 'a.id' };
  return { text: columns[field], params: [] };
}

/** The filters without the cursor (shared by the page and its count). */
function filterSql(q: StorePageQuery, search: string | null): Sql[] {
  const parts: Sql[] = [{ text: 'a.status = ?', params: [q.appStatus] }];
  if (q.type) parts.push({ text: 'a.type = ?', params: [q.type] });
  if (q.repoId) parts.push({ text: 'a.repo_id = ?::uuid', params: [q.repoId] });
  if (q.categoryId)
    parts.push({
      text: 'exists (select 1 from app_categories ac where ac.app_id = a.id and ac.category_id = ?::uuid)',
      params: [q.categoryId],
    });
  if (search)
    parts.push({
      text: 'app_search_text(a.name, a.description, a.keywords) like lower(?)',
      params: [likePattern(search)],
    });
  return parts;
}

/** Rows strictly after `values` in `order` (a lexicographic tuple comparison, one alternative per key). */
function afterSql(order: readonly StoreSortKey[], values: readonly unknown[], search: string | null): Sql {
  const alternatives = order.map((key, i) => {
    const equal = order.slice(0, i).map((k, j) => ({ col: columnOf(k.field, search), op: '=', value: values[j] }));
    const parts = [...equal, { col: columnOf(key.field, search), op: key.dir === 'asc' ? '>' : '<', value: values[i] }];
    return {
      text: `(${parts.map((p) => `${p.col.text} ${p.op} ?`).join(' and ')})`,
      params: parts.flatMap((p) => [...p.col.params, p.value]),
    };
  });
  return { text: `(${alternatives.map((a) => a.text).join(' or ')})`, params: alternatives.flatMap((a) => a.params) };
}

const and = (parts: readonly Sql[]): Sql => ({
  text: parts.map((p) => p.text).join(' and '),
  params: parts.flatMap((p) => p.params),
});

const SELECT = `select a.id, a.name, a.type, a.status, a.visibility, a.description, a.abstraction, a.readme, a.home,
  a.icon, a.screenshots, a.keywords, a.sources, a.maintainers, a.deploy_count, a.delivery_mode, a.deployment_mode, a.created_at, a.updated_at,
  a.workspace_id, a.repo_id,
  u.id u_id, u.username u_username, u.email u_email, u.created_at u_created_at, u.workspace_id u_workspace_id,
  u.must_change_password u_must_change_password,
  v.id v_id, v.company_name v_company_name, v.website v_website, v.description v_description, v.contact v_contact,
  v.status v_status, v.message v_message, v.submitted_at v_submitted_at, v.decided_at v_decided_at, v.user_id v_user_id`;

/** Up to `limit` apps of the store in `order`, with owner and vendor — one statement. */
export async function storePage(em: EntityManager, q: StorePageQuery): Promise<StoreAppRow[]> {
  const search = q.search?.trim() || null;
  const where = and([...filterSql(q, search), ...(q.after ? [afterSql(q.order, q.after, search)] : [])]);
  const order = q.order.map((k) => ({ ...columnOf(k.field, search), dir: k.dir }));
  const nameMatch = columnOf('nameMatch', search);
  const rows = await sqlRows<Record<string, any>>(
    em,
    `${SELECT}, ${nameMatch.text} name_match
     from apps a join users u on u.id = a.owner_id left join vendors v on v.id = a.vendor_id
     where ${where.text} order by ${order.map((o) => `${o.text} ${o.dir}`).join(', ')} limit ?`,
    [...nameMatch.params, ...where.params, ...order.flatMap((o) => o.params), q.limit],
  );
  const date = dateParser(em);
  return rows.map((r) => toStoreApp(r, date));
}

/** How many apps the page's filters match (the cursor aside). */
export async function storeCount(em: EntityManager, q: StorePageQuery): Promise<number> {
  const where = and(filterSql(q, q.search?.trim() || null));
  const row = await sqlRow<{ n: string }>(em, `select count(*) n from apps a where ${where.text}`, where.params);
  return Number(row?.n ?? 0);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a row of the SELECT above */
function toStoreApp(r: Record<string, any>, date: ParseDate): StoreAppRow {
  return {
    view: 'store',
    id: r.id,
    name: r.name,
    type: r.type,
    status: r.status,
    visibility: r.visibility,
    description: opt(r.description),
    abstraction: opt(r.abstraction),
    readme: opt(r.readme),
    home: opt(r.home),
    icon: opt(r.icon),
    screenshots: r.screenshots,
    keywords: r.keywords,
    sources: r.sources,
    maintainers: opt(r.maintainers),
    deployCount: r.deploy_count,
    deliveryMode: r.delivery_mode ?? null,
    deploymentMode: r.deployment_mode ?? null,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    nameMatch: Number(r.name_match),
    workspace: { id: r.workspace_id },
    repo: r.repo_id ? { id: r.repo_id } : undefined,
    owner: {
      id: r.u_id,
      username: r.u_username,
      email: r.u_email,
      createdAt: date(r.u_created_at),
      mustChangePassword: r.u_must_change_password,
      workspace: r.u_workspace_id ? { id: r.u_workspace_id } : undefined,
    },
    vendor: r.v_id
      ? {
          id: r.v_id,
          companyName: r.v_company_name,
          website: opt(r.v_website),
          description: opt(r.v_description),
          contact: opt(r.v_contact),
          status: r.v_status,
          message: opt(r.v_message),
          submittedAt: r.v_submitted_at ? date(r.v_submitted_at) : undefined,
          decidedAt: r.v_decided_at ? date(r.v_decided_at) : undefined,
          user: { id: r.v_user_id },
        }
      : undefined,
  };
}
