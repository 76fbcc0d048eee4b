/**
 * Renders a chart the way `helm install --dry-run` / `helm template` (client-only) do in Helm
 * 3.17: installability and dependency checks, dependency processing, value coalescing and schema
 * validation, kubeVersion check, template rendering, NOTES extraction, and manifests/hooks sorted
 * in install order. The loaded chart is not modified; every call works on its own copy (the
 * values steps may reuse an earlier render's result, see prepared-values.ts).
 */
import { mapSet, newGoMap, type GoMapObject } from '@marina/go-runtime';
import type { Chart } from '../chart/chart.types';
import { crdObjects } from '../chart/chart.types';
import { isCompatibleRange } from '../chart/helm-semver';
import { type WarnFn } from '../values/coalesce';
import { clientCapabilities } from './capabilities';
import { renderTemplates } from './helm-engine';
import type { LookupFn } from './helm-funcs';
import { PreparedValues } from './prepared-values';
import { goTrimSpace, ManifestParseError, sortManifests, type Hook, type Manifest } from './manifest-sorter';

/** What to render. */
export interface RenderOptions {
  readonly releaseName: string;
  /** Default "default". */
  readonly namespace?: string;
  /** User-supplied values (already merged from -f/--set…); not modified. */
  readonly values?: GoMapObject;
  /** e.g. "1.30.0"; default v1.32.0 (helm 3.17.3). */
  readonly kubeVersion?: string;
  /** Extra `.Capabilities.APIVersions` entries (added to Helm's defaults unless `apiVersionsFromCluster`). */
  readonly apiVersions?: readonly string[];
  /** `apiVersions` is a cluster's discovery: it replaces Helm's default API versions instead of extending them. */
  readonly apiVersionsFromCluster?: boolean;
  /** Render as an upgrade (`.Release.IsUpgrade`); default install. */
  readonly isUpgrade?: boolean;
  /** `.Release.Revision`; default 1. */
  readonly revision?: number;
  /** Live `lookup`; without it `lookup` returns an empty map like `helm template`. */
  readonly lookup?: LookupFn;
  /** Put chart CRDs (crds/) in front of the manifests text. */
  readonly includeCrds?: boolean;
  /** Include subcharts' NOTES.txt. */
  readonly subNotes?: boolean;
  readonly skipSchemaValidation?: boolean;
  /** Coalescing warnings (Helm logs them). */
  readonly warn?: WarnFn;
  /** On-disk cache of parsed templates (see TemplateEngineOptions); absent: in memory only. */
  readonly parseCacheDir?: string;
}

/** A CRD file from a crds/ directory. */
export interface CrdFile {
  /** Path shown in `# Source:` (chart full path + file name). */
  readonly filename: string;
  readonly content: string;
}

/** The result of a successful render. */
export interface RenderResult {
  /** Non-hook documents, sorted in install order. */
  readonly manifests: readonly Manifest[];
  /** Hook documents, sorted by kind. */
  readonly hooks: readonly Hook[];
  readonly notes: string;
  readonly crds: readonly CrdFile[];
  /** Helm's release manifest text: `---\n# Source: …` blocks (CRDs first when requested). */
  readonly manifestText: string;
  /**
   * The chart as Helm stores it in a release record: after dependency processing (disabled
   * subcharts removed, `enabled` set on `metadata.dependencies`, imported values merged). Read-only:
   * it shares template and file data with the loaded chart.
   */
  readonly chart: Chart;
}

/** Why a render failed. `partialManifest` is set when templates rendered but the YAML was invalid. */
export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';
  constructor(
    readonly code: string,
    message: string,
    /** True when Helm had already created the release record (it then suggests --debug). */
    readonly afterRelease: boolean,
    readonly partialManifest?: string,
  ) {
    super(message);
  }
}

const NOTES_SUFFIX = 'NOTES.txt';

/** Renders `chart` with `opts`. Throws {@link ChartRenderError} with Helm's message on failure. */
export function renderChart(loaded: Chart, opts: RenderOptions): RenderResult {
  const warn = opts.warn ?? (() => {});
  checkInstallable(loaded);
  const prepared = new PreparedValues(loaded, opts.values ?? newGoMap(), warn);
  const chart = guard('DEPENDENCIES', false, () => prepared.processDependencies());
  const caps = guard('KUBE_VERSION', false, () =>
    clientCapabilities(opts.kubeVersion, opts.apiVersions ?? [], opts.apiVersionsFromCluster === true),
  );
  const top = newGoMap();
  mapSet(top, 'Capabilities', caps);
  mapSet(top, 'Release', releaseObject(opts));
  const coalesced = guard('VALUES', false, () => prepared.coalesce());
  if (!opts.skipSchemaValidation) {
    const problems = guard('SCHEMA', false, () => prepared.schemaProblems());
    if (problems) {
      throw new ChartRenderError(
        'SCHEMA',
        `values don't meet the specifications of the schema(s) in the following chart(s):\n${problems}`,
        false,
      );
    }
  }
  mapSet(top, 'Values', coalesced);
  return renderResources(chart, top, caps.KubeVersion.Version, opts);
}

function guard<T>(code: string, afterRelease: boolean, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ChartRenderError) throw err;
    const c = (err as { code?: string }).code;
    throw new ChartRenderError(typeof c === 'string' ? c : code, (err as Error).message, afterRelease);
  }
}

function checkInstallable(c: Chart): void {
  const t = c.metadata.type;
  if (t !== '' && t !== 'application')
    throw new ChartRenderError('NOT_INSTALLABLE', `${t} charts are not installable`, false);
  const missing = c.metadata.dependencies
    .filter((r) => !c.dependencies.some((d) => d.metadata.name === r.name))
    .map((r) => r.name);
  if (missing.length > 0) {
    throw new ChartRenderError(
      'MISSING_DEPENDENCIES',
      `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
      false,
    );
  }
}

function releaseObject(opts: RenderOptions): GoMapObject {
  const r = newGoMap();
  mapSet(r, 'Name', opts.releaseName);
  mapSet(r, 'Namespace', opts.namespace ?? 'default');
  mapSet(r, 'IsUpgrade', opts.isUpgrade === true);
  mapSet(r, 'IsInstall', opts.isUpgrade !== true);
  mapSet(r, 'Revision', BigInt(opts.revision ?? 1));
  mapSet(r, 'Service', 'Helm');
  return r;
}

function renderResources(chart: Chart, top: GoMapObject, kubeVersion: string, opts: RenderOptions): RenderResult {
  const kv = chart.metadata.kubeVersion;
  if (kv !== '' && !isCompatibleRange(kv, kubeVersion)) {
    throw new ChartRenderError(
      'KUBE_VERSION',
      `chart requires kubeVersion: ${kv} which is incompatible with Kubernetes ${kubeVersion}`,
      true,
    );
  }
  const files = guard('TEMPLATE', true, () =>
    renderTemplates(chart, top, { lookup: opts.lookup, parseCacheDir: opts.parseCacheDir }),
  );
  const notes = extractNotes(files, chart.metadata.name, opts.subNotes === true);
  let sorted: { hooks: Hook[]; manifests: Manifest[] };
  try {
    sorted = sortManifests(files);
  } catch (err) {
    if (!(err instanceof ManifestParseError)) throw err;
    throw new ChartRenderError('INVALID_MANIFEST', err.message, true, dumpFiles(files));
  }
  const crds = crdObjects(chart).map((c) => ({ filename: c.filename, content: c.file.data.toString('utf8') }));
  const parts: string[] = [];
  if (opts.includeCrds) for (const c of crds) parts.push(`---\n# Source: ${c.filename}\n${c.content}\n`);
  for (const m of sorted.manifests) parts.push(`---\n# Source: ${m.name}\n${m.content}\n`);
  return { manifests: sorted.manifests, hooks: sorted.hooks, notes, crds, manifestText: parts.join(''), chart };
}

function extractNotes(files: Map<string, string>, rootName: string, subNotes: boolean): string {
  const rootNotes = `${rootName}/templates/${NOTES_SUFFIX}`;
  const parts: string[] = [];
  for (const k of [...files.keys()].sort()) {
    if (!k.endsWith(NOTES_SUFFIX)) continue;
    if (subNotes || k === rootNotes) parts.push(files.get(k) as string);
    files.delete(k);
  }
  return parts.join('\n');
}

function dumpFiles(files: Map<string, string>): string {
  const parts: string[] = [];
  for (const name of [...files.keys()].sort()) {
    const content = files.get(name) as string;
    if (goTrimSpace(content) === '') continue;
    parts.push(`---\n# Source: ${name}\n${content}\n`);
  }
  return parts.join('');
}
