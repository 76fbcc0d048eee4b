/**
 * The in-memory Helm chart: metadata from Chart.yaml, default values, templates, other files and
 * loaded subcharts. A loaded chart is never mutated by rendering (rendering works on a copy).
 */
import type { GoMapObject, GoValue } from '@marina/go-runtime';

/** One file of a chart, with its chart-relative path ("templates/x.yaml", "README.md"). */
export interface ChartFile {
  readonly name: string;
  readonly data: Buffer;
}

/** A maintainer entry of Chart.yaml. */
export interface ChartMaintainer {
  readonly name: string;
  readonly email: string;
  readonly url: string;
}

/** A dependency entry of Chart.yaml (or requirements.yaml for apiVersion v1). */
export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  /** Strings (`exports.<name>`) or `{child, parent}` maps, as written. */
  importValues: GoValue[];
  alias: string;
}

/** Chart.yaml metadata. `apiVersion` is "v1" when the file omitted it (Helm 2 charts). */
export interface ChartMetadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: ChartMaintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string>;
  kubeVersion: string;
  dependencies: ChartDependency[];
  type: string;
}

/** Chart.lock / requirements.lock. */
export interface ChartLock {
  readonly generated: string;
  readonly digest: string;
  readonly dependencies: ReadonlyArray<{ name: string; version: string; repository: string }>;
}

/** A loaded chart. `parent` is set for subcharts. */
export interface Chart {
  metadata: ChartMetadata;
  lock: ChartLock | null;
  /** Files under templates/. */
  templates: ChartFile[];
  /** values.yaml (empty map when absent). */
  values: GoMapObject;
  /** values.schema.json bytes, when present. */
  schema: Buffer | null;
  /** Every other file (README, LICENSE, crds/, files used through .Files). */
  files: ChartFile[];
  /** All files as loaded. */
  raw: ChartFile[];
  dependencies: Chart[];
  parent: Chart | null;
}

/** The chart's name (after alias processing). */
export function chartName(c: Chart): string {
  return c.metadata.name;
}

export function isRoot(c: Chart): boolean {
  return c.parent === null;
}

/** `ChartFullPath`: "root/charts/sub/charts/subsub". */
export function chartFullPath(c: Chart): string {
  return c.parent ? `${chartFullPath(c.parent)}/charts/${c.metadata.name}` : c.metadata.name;
}

/** Files under crds/ (of this chart and, recursively, its dependencies), Helm's `CRDObjects`. */
export function crdObjects(c: Chart): Array<{ name: string; filename: string; file: ChartFile }> {
  const out: Array<{ name: string; filename: string; file: ChartFile }> = [];
  for (const f of c.files) {
    if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name)) {
      out.push({ name: f.name, filename: `${chartFullPath(c)}/${f.name}`, file: f });
    }
  }
  for (const d of c.dependencies) out.push(...crdObjects(d));
  return out;
}
