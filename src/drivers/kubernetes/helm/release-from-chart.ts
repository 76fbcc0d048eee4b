/**
 * Builds a release record from a loaded `Chart` of @marina/helm and a render of it, storing the
 * chart the way Helm does (root chart: metadata, lock, templates, values, schema, files; subcharts
 * only as `metadata.dependencies`), so that `helm upgrade --reuse-values` and `helm rollback` of the
 * record work as on a release helm wrote.
 */
import { marshalJSON } from '@marina/go-runtime';
import type { Chart, ChartDependency, ChartMetadata, Hook, RenderResult } from '@marina/helm';
import { sortedKeys } from './release-codec';
import type {
  ApplyMethod,
  HelmChartDependency,
  HelmChartMetadata,
  HelmChartRecord,
  HelmHookRecord,
  HelmRelease,
  HelmStatus,
  JsonMap,
  JsonValue,
} from './helm-release.types';

/** Go's zero time, which Helm writes for an absent `time.Time` it cannot omit (Chart.lock `generated`). */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** The chart as Helm's release stores it. */
export function chartRecord(chart: Chart): HelmChartRecord {
  return {
    metadata: metadataRecord(chart.metadata),
    lock: chart.lock
      ? {
          generated: chart.lock.generated || GO_ZERO_TIME,
          digest: chart.lock.digest,
          dependencies: chart.lock.dependencies.map((d) => ({ ...d })),
        }
      : null,
    templates: chart.templates.map((f) => ({ name: f.name, data: f.data })),
    values: JSON.parse(marshalJSON(chart.values)) as JsonMap,
    schema: chart.schema,
    files: chart.files.map((f) => ({ name: f.name, data: f.data })),
  };
}

/** Chart.yaml in Helm's JSON form: struct field order, empty fields omitted. */
export function metadataRecord(m: ChartMetadata): HelmChartMetadata {
  const out: Record<string, unknown> = {
    name: m.name,
    home: m.home,
    sources: m.sources,
    version: m.version,
    description: m.description,
    keywords: m.keywords,
    maintainers: m.maintainers.map((x) => omitEmpty({ name: x.name, email: x.email, url: x.url })),
    icon: m.icon,
    apiVersion: m.apiVersion,
    condition: m.condition,
    tags: m.tags,
    appVersion: m.appVersion,
    deprecated: m.deprecated,
    annotations: Object.keys(m.annotations).length ? sortedKeys(m.annotations as JsonMap) : undefined,
    kubeVersion: m.kubeVersion,
    dependencies: m.dependencies.map(dependencyRecord),
    type: m.type,
  };
  return omitEmpty(out) as unknown as HelmChartMetadata;
}

function dependencyRecord(d: ChartDependency): HelmChartDependency {
  const out: Record<string, unknown> = {
    name: d.name,
    version: d.version,
    repository: d.repository,
    condition: d.condition,
    tags: d.tags,
    enabled: d.enabled,
    'import-values': d.importValues.length ? (JSON.parse(marshalJSON(d.importValues)) as JsonValue[]) : undefined,
    alias: d.alias,
  };
  const kept = omitEmpty(out);
  return { ...kept, name: d.name, repository: d.repository } as HelmChartDependency;
}

/** A rendered hook as the release records it, not yet run. */
export function hookRecord(h: Hook): HelmHookRecord {
  return {
    name: h.name,
    kind: h.kind,
    path: h.path,
    manifest: h.manifest,
    events: [...h.events],
    lastRun: { startedAt: null, completedAt: null, phase: '' },
    weight: h.weight,
    deletePolicies: h.deletePolicies.filter(isDeletePolicy),
  };
}

function isDeletePolicy(p: string): p is HelmHookRecord['deletePolicies'][number] {
  return p === 'before-hook-creation' || p === 'hook-succeeded' || p === 'hook-failed';
}

/** What a new revision is made of. */
export interface NewRevision {
  readonly name: string;
  readonly namespace: string;
  readonly version: number;
  readonly chart: Chart;
  /** The user's overrides (Helm's `config`). */
  readonly config: JsonMap;
  readonly render: Pick<RenderResult, 'manifestText' | 'hooks' | 'notes'>;
  readonly status: HelmStatus;
  readonly description: string;
  readonly now: Date;
  /** `first_deployed` of revision 1 (kept across upgrades, as Helm does); default `now`. */
  readonly firstDeployed?: string | null;
  readonly applyMethod: ApplyMethod;
  /** Custom Secret labels (e.g. Marina's owner label); never Helm's system labels. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A release revision from a chart render, ready for the store. */
export function buildRelease(r: NewRevision): HelmRelease {
  const now = r.now.toISOString();
  return {
    name: r.name,
    namespace: r.namespace,
    version: r.version,
    info: {
      firstDeployed: r.firstDeployed ?? now,
      lastDeployed: now,
      deleted: null,
      description: r.description,
      status: r.status,
      notes: r.render.notes,
    },
    chart: chartRecord(r.chart),
    config: sortedKeys(r.config),
    manifest: r.render.manifestText,
    hooks: r.render.hooks.map(hookRecord),
    applyMethod: r.applyMethod,
    labels: { ...r.labels },
  };
}

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  const empty = (v: unknown) =>
    v === undefined || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0);
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !empty(v)));
}
