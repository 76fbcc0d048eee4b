/**
 * Chart validation for uploads: loads a chart and reports every problem found as a per-file list
 * (`{ path, message }`), instead of stopping at the first one like Helm's loader does.
 * Checks: loading (Chart.yaml, values.yaml, subcharts), values.schema.json being JSON, every
 * template parsing, and a client-side render with the chart's default values.
 */
import { sprigFuncMap, Template } from '@marina/gotemplate';
import { ChartRenderError, renderChart } from '../render/render-chart';
import { ChartLoadError, loadChart } from './chart-loader';
import type { Chart, ChartFile } from './chart.types';

/** One problem, attributed to a chart-relative file ('' for the chart as a whole). */
export interface ChartIssue {
  readonly path: string;
  readonly message: string;
}

/** The result of {@link inspectChart}: the chart when it loaded, and every issue found. */
export interface ChartInspection {
  readonly chart: Chart | null;
  readonly issues: readonly ChartIssue[];
  /** README.md (or README.txt/README) content, when the chart has one. */
  readonly readme: string | null;
}

const FILE_OF_MESSAGE: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(?:cannot load|validation:)/, () => 'Chart.yaml'],
  [/^cannot load (Chart\.yaml|Chart\.lock|values\.yaml|requirements\.yaml|requirements\.lock)/, (m) => m[1]],
  [/^error unpacking subchart (?:tar in \S+: expected )?(\S+?)(?: in |:)/, (m) => `charts/${m[1]}`],
  [/^Chart\.yaml file is missing/, () => 'Chart.yaml'],
];

function pathOfLoadError(message: string): string {
  let found = '';
  for (const [re, path] of FILE_OF_MESSAGE) {
    const m = re.exec(message);
    if (m) found = path(m);
  }
  return found;
}

/** Loads and checks a chart (directory path, .tgz path, .tgz buffer or file list). Never throws for chart problems. */
export function inspectChart(input: string | Buffer | readonly ChartFile[]): ChartInspection {
  let chart: Chart;
  try {
    chart = loadChart(input);
  } catch (err) {
    if (!(err instanceof ChartLoadError)) throw err;
    return { chart: null, issues: [{ path: pathOfLoadError(err.message), message: err.message }], readme: null };
  }
  const issues: ChartIssue[] = [...schemaIssues(chart), ...templateIssues(chart)];
  if (issues.length === 0 && chart.metadata.type !== 'library') issues.push(...renderIssues(chart));
  return { chart, issues, readme: readmeOf(chart) };
}

function schemaIssues(chart: Chart): ChartIssue[] {
  if (!chart.schema) return [];
  try {
    JSON.parse(chart.schema.toString('utf8'));
    return [];
  } catch (err) {
    return [{ path: 'values.schema.json', message: `invalid JSON: ${(err as Error).message}` }];
  }
}

function templateIssues(chart: Chart, prefix = ''): ChartIssue[] {
  const issues: ChartIssue[] = [];
  const funcs = sprigFuncMap();
  for (const name of [
    'include',
    'tpl',
    'required',
    'fail',
    'lookup',
    'toYaml',
    'toYamlPretty',
    'fromYaml',
    'fromYamlArray',
    'toJson',
    'fromJson',
    'fromJsonArray',
    'toToml',
    'fromToml',
  ]) {
    funcs[name] = () => '';
  }
  for (const t of chart.templates) {
    try {
      Template.create(t.name).funcs(funcs).parse(t.data.toString('utf8'));
    } catch (err) {
      issues.push({ path: prefix + t.name, message: (err as Error).message });
    }
  }
  for (const d of chart.dependencies) issues.push(...templateIssues(d, `${prefix}charts/${d.metadata.name}/`));
  return issues;
}

function renderIssues(chart: Chart): ChartIssue[] {
  try {
    renderChart(chart, { releaseName: 'release-name' });
    return [];
  } catch (err) {
    if (!(err instanceof ChartRenderError)) throw err;
    const m = /\(([^):]+)(?::\d+)*\)/.exec(err.message) ?? /on ([^\s:]+):/.exec(err.message);
    const full = m ? m[1] : '';
    const path = full.includes('/')
      ? full.slice(full.indexOf('/') + 1)
      : err.code === 'SCHEMA'
        ? 'values.schema.json'
        : '';
    return [{ path, message: err.message }];
  }
}

function readmeOf(chart: Chart): string | null {
  const f = chart.files.find((x) => /^readme(\.(md|txt))?$/i.test(x.name));
  return f ? f.data.toString('utf8') : null;
}
