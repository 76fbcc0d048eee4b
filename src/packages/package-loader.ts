import { readTarGz, stripTopDirectory, type ArchiveFile, type ArchiveLimits } from './archive';
import { assertUtf8Text, checkTextFiles } from './archive/text-check';
import { parseJsonFile } from './package-json-parse';
import { parseYamlDocumentsSafe } from './package-yaml';
import { readChartMetadata, type ChartMetadata } from './package-chart-metadata';
import { ChartLoadError, loadChartFiles } from '@marina/helm';
import { PackageError, type PackageErrorCode, type PackageIssue } from './package-error';
import { detectPackageFormat, type PackageFormat } from './package-format';
import { loadTemplatePackage, type TemplatePackage } from './template/template-package.loader';
import { loadComposedPackage, type ComposedPackage } from './composed/composed-package.loader';
import type { ClusterTemplateRenderer } from './vm/vm-cluster-render';
import { loadVmPackage, type VmPackage } from './vm/vm-package.loader';

/** A Helm chart as far as this layer checks it: Chart.yaml metadata (full loading is the Helm layer's). */
export interface HelmPackageSummary {
  readonly format: 'helm';
  readonly metadata: ChartMetadata;
  readonly files: readonly ArchiveFile[];
}

/**
 * Full Helm chart validation (per-file problems; empty when the chart loads). The default is
 * the Helm library's loader (@marina/helm, Helm 3.17's pkg/chart/loader semantics).
 */
export type HelmChartValidator = (files: readonly ArchiveFile[]) => readonly PackageIssue[];

const HELM_CODES: Readonly<Record<string, PackageErrorCode>> = {
  MISSING_FILE: 'MISSING_FILE',
  INVALID_METADATA: 'INVALID_METADATA',
};

/** Loads the chart with the Helm layer's loader and reports its error, if any, as an issue. */
export const helmLoaderValidator: HelmChartValidator = (files) => {
  try {
    loadChartFiles(files.map((f) => ({ name: f.path, data: f.data })));
    return [];
  } catch (err) {
    if (!(err instanceof ChartLoadError)) throw err;
    const path = /\b([\w./-]+\.(?:ya?ml|json))\b/.exec(err.message)?.[1] ?? '';
    return [{ code: HELM_CODES[err.code] ?? 'INVALID_CHART', path, message: err.message }];
  }
};

/** What every loaded package offers, whatever its format. */
export interface LoadedPackage {
  readonly format: PackageFormat;
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly description?: string;
  /** The top-level directory in the archive ('' when loaded from a directory). */
  readonly root: string;
  readonly detail: HelmPackageSummary | VmPackage | TemplatePackage | ComposedPackage;
}

export type PackageLoadResult = { ok: true; pkg: LoadedPackage } | { ok: false; issues: readonly PackageIssue[] };

export interface PackageLoadOptions {
  readonly limits?: Partial<ArchiveLimits>;
  readonly helmValidator?: HelmChartValidator;
  readonly vmRenderer?: ClusterTemplateRenderer;
}

/**
 * Reads an uploaded `.tgz` and loads it as whatever package it is. Never throws for bad
 * input: archive-level rejections (limits, unsafe entries) and per-file problems all come
 * back as issues. Pure: touches no storage, so a rejected package leaves nothing behind.
 */
export function loadPackageArchive(buf: Buffer, options: PackageLoadOptions = {}): PackageLoadResult {
  let rooted;
  try {
    rooted = stripTopDirectory(readTarGz(buf, options.limits));
  } catch (err) {
    if (err instanceof PackageError) return { ok: false, issues: [err.toIssue()] };
    throw err;
  }
  return loadPackageFiles(rooted.files, rooted.root, options);
}

/** Loads package files already relative to the package directory (e.g. from readPackageDirectory). */
export function loadPackageFiles(
  files: readonly ArchiveFile[],
  root: string,
  options: PackageLoadOptions = {},
): PackageLoadResult {
  const format = detectPackageFormat(files);
  switch (format) {
    case 'helm':
      return loadHelm(files, root, options.helmValidator);
    case 'vm': {
      const r = loadVmPackage(files, { render: options.vmRenderer });
      if (!r.ok) return r;
      const m = r.pkg.metadata;
      return {
        ok: true,
        pkg: {
          format,
          name: m.name,
          version: m.version,
          appVersion: m.appVersion,
          description: m.description,
          root,
          detail: r.pkg,
        },
      };
    }
    case 'template': {
      const r = loadTemplatePackage(files);
      if (!r.ok) return r;
      const m = r.pkg.metadata;
      return {
        ok: true,
        pkg: { format, name: m.name, version: m.version, description: m.description, root, detail: r.pkg },
      };
    }
    case 'composed': {
      const r = loadComposedPackage(files);
      if (!r.ok) return r;
      const m = r.pkg.metadata;
      return {
        ok: true,
        pkg: {
          format,
          name: m.name,
          version: m.version,
          appVersion: m.appVersion,
          description: m.description,
          root,
          detail: r.pkg,
        },
      };
    }
    default:
      return {
        ok: false,
        issues: [
          {
            code: 'UNKNOWN_FORMAT',
            path: '',
            message:
              'not a Helm chart (Chart.yaml), VM package (package.json + cluster.json.tmpl), template package or composed app (package.json + app.json)',
          },
        ],
      };
  }
}

const TEMPLATE_SEGMENT = /(^|\/)templates\//;

/**
 * Parses every YAML/JSON data file of a chart that is not a template (values.yaml, Chart.lock,
 * values.schema.json, subcharts' files) under the safety limits: alias bombs, deep nesting
 * and invalid syntax are rejected here, before the Helm layer reads them.
 */
function checkDataFiles(files: readonly ArchiveFile[]): PackageIssue[] {
  const issues: PackageIssue[] = [];
  for (const f of files) {
    if (TEMPLATE_SEGMENT.test(f.path)) continue;
    try {
      if (/\.ya?ml$/.test(f.path)) parseYamlDocumentsSafe(assertUtf8Text(f), f.path);
      else if (f.path.endsWith('.json')) parseJsonFile(f);
    } catch (err) {
      if (!(err instanceof PackageError)) throw err;
      if (err.code !== 'INVALID_UTF8') issues.push(err.toIssue()); // already reported by checkTextFiles
    }
  }
  return issues;
}

function loadHelm(
  files: readonly ArchiveFile[],
  root: string,
  validator: HelmChartValidator | undefined,
): PackageLoadResult {
  const chartYaml = files.find((f) => f.path === 'Chart.yaml')!;
  const md = readChartMetadata(chartYaml);
  const issues = [...checkTextFiles(files), ...(md.ok ? [] : md.issues), ...checkDataFiles(files)];
  if (issues.length === 0) issues.push(...(validator ?? helmLoaderValidator)(files));
  if (!md.ok || issues.length > 0) return { ok: false, issues };
  const m = md.metadata;
  const detail: HelmPackageSummary = { format: 'helm', metadata: m, files };
  return {
    ok: true,
    pkg: {
      format: 'helm',
      name: m.name,
      version: m.version,
      appVersion: m.appVersion as string | undefined,
      description: m.description as string | undefined,
      root,
      detail,
    },
  };
}
