import { AppType } from '../../entities/enums';
import type { IndexEntry, IndexFormat } from '../../repos/index/repo-index.types';
import type { SyncPlan } from '../../repos/sync/index-diff';
import type { AppRecord, VersionRecord } from '../../data/repos/repo-sync.upserts';

/** Template and composed packages live in Helm-format indexes, marked with this chart annotation. */
const TEMPLATE_ANNOTATION = 'marina.io/package-type';

/** The app type of an index entry: VM for OpenPitrix indexes; TEMPLATE or COMPOSED when annotated; HELM otherwise. */
export function appTypeOf(format: IndexFormat, entry: IndexEntry): AppType {
  if (format === 'vm') return AppType.VM;
  const annotations = entry.metadata.annotations;
  const kind =
    typeof annotations === 'object' && annotations !== null
      ? (annotations as Record<string, unknown>)[TEMPLATE_ANNOTATION]
      : undefined;
  return kind === 'template' ? AppType.TEMPLATE : kind === 'composed' ? AppType.COMPOSED : AppType.HELM;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

export function appRecords(plan: SyncPlan): AppRecord[] {
  return plan.apps.map(({ name, latest }) => ({
    name,
    type: appTypeOf(plan.format, latest),
    description: latest.description ?? null,
    home: latest.home ?? null,
    icon: latest.icon ?? null,
    keywords: [...latest.keywords],
    sources: [...latest.sources],
    screenshots: stringList(latest.metadata.screenshots),
    maintainers:
      latest.maintainers.length > 0
        ? latest.maintainers.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)))
        : null,
  }));
}

/**
 * Rows for the versions the plan creates or updates. `seq` ranks versions of an app by SemVer
 * (higher is newer) among the versions the index lists; `ranks` gives each (app, version) its rank.
 */
export function versionRecords(plan: SyncPlan, ranks: ReadonlyMap<string, number>): VersionRecord[] {
  return plan.versions.map(({ app, entry }) => ({
    app,
    version: entry.version,
    type: appTypeOf(plan.format, entry),
    app_version: entry.appVersion ?? null,
    description: entry.description ?? null,
    digest: entry.digest,
    package_ref: entry.urls[0] ?? `${entry.name}-${entry.version}.tgz`,
    metadata: { ...entry.metadata, urls: [...entry.urls], ...(entry.created ? { created: entry.created } : {}) },
    seq: ranks.get(rankKey(app, entry.version)) ?? 0,
  }));
}

export const rankKey = (app: string, version: string) => `${app}\u0000${version}`;
