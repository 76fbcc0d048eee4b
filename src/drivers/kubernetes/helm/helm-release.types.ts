/**
 * Helm's release record (`helm.sh/helm` pkg/release/v1 `Release`, as helm 3.17 and 4.1 store it in
 * `sh.helm.release.v1.<name>.v<version>` Secrets), as plain data. Field names are the record's JSON
 * names; see ./release-codec.ts for the exact wire form.
 */

/** JSON as Helm keeps values (`map[string]interface{}`). */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonMap;
export interface JsonMap {
  [key: string]: JsonValue;
}

/** Helm's release statuses (pkg/release/common `Status`). */
export const HELM_STATUSES = [
  'unknown',
  'deployed',
  'uninstalled',
  'superseded',
  'failed',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
] as const;
export type HelmStatus = (typeof HELM_STATUSES)[number];

/** A status that says an operation is under way (Helm's `IsPending`). */
export type PendingStatus = 'pending-install' | 'pending-upgrade' | 'pending-rollback';

export function isPendingStatus(s: HelmStatus): s is PendingStatus {
  return s === 'pending-install' || s === 'pending-upgrade' || s === 'pending-rollback';
}

/**
 * Helm 4's `apply_method`: server-side ("ssa") or client-side ("csa") apply. Absent (helm 3 and
 * older records) means client-side; helm 4's `upgrade`/`rollback` keep the previous record's method.
 */
export type ApplyMethod = 'ssa' | 'csa';

/** `Info`. Times are ISO strings (RFC 3339); null where Helm has the zero time. */
export interface HelmReleaseInfo {
  firstDeployed: string | null;
  lastDeployed: string | null;
  deleted: string | null;
  description: string;
  status: HelmStatus;
  notes: string;
}

/** One chart file (`common.File`): chart-relative name and raw bytes. */
export interface HelmChartFile {
  readonly name: string;
  readonly data: Buffer;
}

/** A Chart.yaml dependency entry (`chart.Dependency`), JSON names. */
export interface HelmChartDependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: JsonValue[];
  alias?: string;
}

/** Chart.yaml (`chart.Metadata`), JSON names; empty fields are omitted as Helm omits them. */
export interface HelmChartMetadata {
  name: string;
  version: string;
  home?: string;
  sources?: string[];
  description?: string;
  keywords?: string[];
  maintainers?: Array<{ name?: string; email?: string; url?: string }>;
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: HelmChartDependency[];
  type?: string;
}

/** Chart.lock (`chart.Lock`). */
export interface HelmChartLock {
  generated: string;
  digest: string;
  dependencies: HelmChartDependency[];
}

/**
 * The chart as a release stores it (`chart.Chart`'s JSON): the root chart only — Helm does not
 * serialise subcharts (they live on as `metadata.dependencies`, and their rendered output in the
 * manifest). `helm rollback` re-uses the stored manifest; `helm upgrade --reuse-values` coalesces
 * `values` with `config`.
 */
export interface HelmChartRecord {
  metadata: HelmChartMetadata;
  lock: HelmChartLock | null;
  templates: HelmChartFile[];
  values: JsonMap | null;
  schema: Buffer | null;
  files: HelmChartFile[];
}

export type HookPhase = '' | 'Unknown' | 'Running' | 'Succeeded' | 'Failed';

/** `HookExecution`. */
export interface HookExecution {
  startedAt: string | null;
  completedAt: string | null;
  phase: HookPhase;
}

export type HookDeletePolicy = 'before-hook-creation' | 'hook-succeeded' | 'hook-failed';

export type HelmHookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

/** `Hook` as recorded: the rendered hook document and its last run. */
export interface HelmHookRecord {
  name: string;
  kind: string;
  /** Template path, e.g. "demo/templates/hook.yaml". */
  path: string;
  manifest: string;
  events: HelmHookEvent[];
  lastRun: HookExecution;
  weight: number;
  deletePolicies: HookDeletePolicy[];
  /** Helm 4's `output_log_policies` (kept as read; Marina writes none). */
  outputLogPolicies?: string[];
}

/** One release revision. `labels` are the Secret's custom (non-system) labels. */
export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  info: HelmReleaseInfo;
  chart: HelmChartRecord | null;
  /** The user's values (overrides), not merged with chart defaults. */
  config: JsonMap;
  /** The rendered manifest text (`---\n# Source: …` blocks). */
  manifest: string;
  hooks: HelmHookRecord[];
  /** null: absent from the record (helm 3 wrote it; means client-side apply). */
  applyMethod: ApplyMethod | null;
  labels: Record<string, string>;
}
