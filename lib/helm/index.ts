/**
 * @marina/helm — Helm 3.17's chart loading and rendering, in-process: load charts and render them
 * exactly like `helm template` / `helm install --dry-run`. The `marina template` command glue lives
 * in the app (src/cli/template/). See README.md.
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
 *   against the real binary, and the upstream test tables in lib/helm/test/).
 * - Failures are typed: `ChartLoadError` (loading), `ChartRenderError` (values, schema,
 *   templates, manifests), `UserValuesError` (-f/--set input); each has a string `code`.
 *
 * Exports are `export import` aliases (plain data properties; see go-runtime's index.ts).
 */
import chartTypesModule = require('./chart/chart.types');
import chartLoaderModule = require('./chart/chart-loader');
import chartInspectModule = require('./chart/chart-inspect');
import helmSemverModule = require('./chart/helm-semver');
import goPathMatchModule = require('./chart/go-path-match');
import renderChartModule = require('./render/render-chart');
import manifestSorterModule = require('./render/manifest-sorter');
import renderChartAsyncModule = require('./render/render-chart-async');
import chartValuesModule = require('./render/chart-values');
import capabilitiesModule = require('./render/capabilities');
import userValuesModule = require('./values/user-values');
import coalesceModule = require('./values/coalesce');
import strvalsParserModule = require('./strvals/strvals.parser');
import strvalsLiteralParserModule = require('./strvals/strvals-literal.parser');
import strvalsErrorModule = require('./strvals/strvals-error');
import sigsYamlModule = require('./yaml/sigs-yaml');
import goYamlEmitterModule = require('./yaml/go-yaml-emitter');
import yamlKeyOrderModule = require('./yaml/yaml-key-order');

// chart/chart.types
export import chartFullPath = chartTypesModule.chartFullPath;
export import crdObjects = chartTypesModule.crdObjects;
export type { Chart, ChartDependency, ChartFile, ChartLock, ChartMaintainer, ChartMetadata } from './chart/chart.types';

// chart/chart-loader
export import ChartLoadError = chartLoaderModule.ChartLoadError;
export import loadChart = chartLoaderModule.loadChart;
export import loadChartArchive = chartLoaderModule.loadChartArchive;
export import loadChartDir = chartLoaderModule.loadChartDir;
export import loadChartFile = chartLoaderModule.loadChartFile;
export import loadChartFiles = chartLoaderModule.loadChartFiles;

// chart/chart-inspect
export import inspectChart = chartInspectModule.inspectChart;
export type { ChartInspection, ChartIssue } from './chart/chart-inspect';

// chart/helm-semver
export import isCompatibleRange = helmSemverModule.isCompatibleRange;
export import isValidSemver = helmSemverModule.isValidSemver;

// chart/go-path-match
export import goPathMatch = goPathMatchModule.goPathMatch;

// render/render-chart
export import ChartRenderError = renderChartModule.ChartRenderError;
export import renderChart = renderChartModule.renderChart;
export type { CrdFile, RenderOptions, RenderResult } from './render/render-chart';

// render/manifest-sorter
export import INSTALL_ORDER = manifestSorterModule.INSTALL_ORDER;
export import UNINSTALL_ORDER = manifestSorterModule.UNINSTALL_ORDER;
export import sortByKind = manifestSorterModule.sortByKind;
export import splitManifests = manifestSorterModule.splitManifests;
export import goTrimSpace = manifestSorterModule.goTrimSpace;
export type { Hook, HookEvent, Manifest, SimpleHead } from './render/manifest-sorter';

// render/helm-funcs
export type { LookupFn } from './render/helm-funcs';

// render/render-chart-async
export import renderChartWithLookup = renderChartAsyncModule.renderChartWithLookup;
export import MAX_LOOKUP_PASSES = renderChartAsyncModule.MAX_LOOKUP_PASSES;
export type { AsyncLookupFn } from './render/render-chart-async';

// render/chart-values
export import chartValues = chartValuesModule.chartValues;
export type { ChartValues } from './render/chart-values';
export type { ChartSchemaIssue } from './schema/values-schema';

// render/capabilities
export import DEFAULT_API_VERSIONS = capabilitiesModule.DEFAULT_API_VERSIONS;
export import DEFAULT_KUBE_VERSION = capabilitiesModule.DEFAULT_KUBE_VERSION;
export import parseKubeVersion = capabilitiesModule.parseKubeVersion;

// values/user-values
export import mergeUserValues = userValuesModule.mergeUserValues;
export import UserValuesError = userValuesModule.UserValuesError;
export type { ValueSources } from './values/user-values';

// values/coalesce
export import coalesceValues = coalesceModule.coalesceValues;

// strvals/strvals.parser
export import parseInto = strvalsParserModule.parseInto;
export import parseIntoString = strvalsParserModule.parseIntoString;
export import parseJsonInto = strvalsParserModule.parseJsonInto;
export import parseIntoFile = strvalsParserModule.parseIntoFile;
export import parseSet = strvalsParserModule.parseSet;

// strvals/strvals-literal.parser
export import parseLiteralInto = strvalsLiteralParserModule.parseLiteralInto;

// strvals/strvals-error
export import StrvalsError = strvalsErrorModule.StrvalsError;

// yaml/sigs-yaml
export import marshalYaml = sigsYamlModule.marshalYaml;
export import unmarshalYaml = sigsYamlModule.unmarshalYaml;
export import stringNode = sigsYamlModule.stringNode;

// yaml/go-yaml-emitter
export import emitYamlDocument = goYamlEmitterModule.emitYamlDocument;
export type { YamlNode } from './yaml/go-yaml-emitter';

// yaml/yaml-key-order
export import compareYamlKeys = yamlKeyOrderModule.compareYamlKeys;
