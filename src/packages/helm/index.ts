/**
 * Marina's Helm layer: load charts and render them exactly like Helm 3.17 (`helm template`,
 * `helm install --dry-run`), in-process.
 *
 * ```ts
 * const chart = loadChart('/path/to/chart');            // or a .tgz path / Buffer / file list
 * const values = mergeUserValues({ valueFiles: ['prod.yaml'], values: ['image.tag=1.2'] });
 * const r = renderChart(chart, { releaseName: 'web', namespace: 'prod', values });
 * r.manifests  // sorted in Helm's install order, each with its `# Source` template path
 * r.hooks      // hook documents (helm.sh/hook), sorted by kind
 * r.notes      // rendered NOTES.txt
 * r.crds       // files from crds/
 * ```
 *
 * Guarantees:
 * - A loaded `Chart` is never modified by rendering; `renderChart` may be called any number of
 *   times, concurrently from different call sites (it is synchronous), with different options.
 * - Rendering is deterministic except for what templates make random (randAlphaNum, genCA…).
 * - Output and error messages follow helm 3.17.3 (checked by the goldens, the differential test
 *   against the real binary, and the upstream test tables in test/conformance/helm-*.test.ts).
 * - Failures are typed: `ChartLoadError` (loading), `ChartRenderError` (values, schema,
 *   templates, manifests), `UserValuesError` (-f/--set input); each has a string `code`.
 */
export type { Chart, ChartDependency, ChartFile, ChartLock, ChartMaintainer, ChartMetadata } from './chart/chart.types';
export { chartFullPath, crdObjects } from './chart/chart.types';
export { ChartLoadError, loadChart, loadChartArchive, loadChartDir, loadChartFile, loadChartFiles } from './chart/chart-loader';
export { inspectChart, type ChartInspection, type ChartIssue } from './chart/chart-inspect';
export { isCompatibleRange, isValidSemver } from './chart/helm-semver';
export { ChartRenderError, renderChart, type CrdFile, type RenderOptions, type RenderResult } from './render/render-chart';
export type { Hook, HookEvent, Manifest, SimpleHead } from './render/manifest-sorter';
export { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind, splitManifests } from './render/manifest-sorter';
export type { LookupFn } from './render/helm-funcs';
export { renderChartWithLookup, MAX_LOOKUP_PASSES, type AsyncLookupFn } from './render/render-chart-async';
export { DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION } from './render/capabilities';
export { mergeUserValues, UserValuesError, type ValueSources } from './values/user-values';
export { coalesceValues } from './values/coalesce';
export { parseInto, parseIntoString, parseJsonInto, parseIntoFile, parseSet } from './strvals/strvals.parser';
export { parseLiteralInto } from './strvals/strvals-literal.parser';
export { StrvalsError } from './strvals/strvals-error';
export { marshalYaml, unmarshalYaml } from './yaml/sigs-yaml';
export { runTemplate, type CommandIO } from './cli/template-run';
