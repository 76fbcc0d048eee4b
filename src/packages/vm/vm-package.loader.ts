import type { ArchiveFile } from '@marina/go-runtime';
import { checkTextFiles } from '../archive/text-check';
import { PackageError, type PackageIssue } from '../package-error';
import { isObject } from '../package-issues';
import { parseJsonFile, parseJsonText } from '../package-json-parse';
import { validateCluster, type ClusterValidation } from './vm-cluster-validate';
import type { ClusterTemplateDialect, ClusterTemplateRenderer } from './vm-cluster-render';
import { openPitrixRenderer } from './vm-template.renderer';
import { CONFIG_FILE, defaultValues, parseConfigTemplate } from './vm-config';
import { METADATA_FILE, parseVmMetadata } from './vm-metadata';
import type { ClusterDefinition, ConfigGroup, ConfigValues, VmPackageMetadata } from './vm-types';

export const CLUSTER_TEMPLATE_FILES: Readonly<Record<string, ClusterTemplateDialect>> = {
  'cluster.json.tmpl': 'go-template',
  'cluster.json.mustache': 'mustache',
};

/** A loaded, fully validated OpenPitrix VM package. */
export interface VmPackage {
  readonly format: 'vm';
  readonly metadata: VmPackageMetadata;
  readonly config: ConfigGroup;
  /** The config defaults the cluster was rendered with. */
  readonly defaults: ConfigValues;
  readonly clusterTemplate: {
    readonly path: string;
    readonly source: string;
    readonly dialect: ClusterTemplateDialect;
  };
  /** cluster.json rendered with the defaults and validated. */
  readonly cluster: ClusterDefinition;
  /** locale/<lang>.json translations. */
  readonly locales: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Every file, paths relative to the package directory. */
  readonly files: readonly ArchiveFile[];
}

export type VmLoadResult = { ok: true; pkg: VmPackage } | { ok: false; issues: readonly PackageIssue[] };

export interface VmLoadOptions {
  /** Renders cluster templates; defaults to the template engine's OpenPitrix mode. */
  readonly render?: ClusterTemplateRenderer;
}

/**
 * Loads a VM package from its files (paths relative to the single top-level directory, see
 * stripTopDirectory). Validates UTF-8, package.json, config.json, renders the cluster template
 * with the config defaults and validates the result. Never throws for bad packages: every
 * problem found is returned as a per-file issue.
 */
export function loadVmPackage(files: readonly ArchiveFile[], options: VmLoadOptions = {}): VmLoadResult {
  const issues: PackageIssue[] = [...checkTextFiles(files)];
  const byPath = new Map(files.map((f) => [f.path, f]));
  const tmplPath = Object.keys(CLUSTER_TEMPLATE_FILES).find((p) => byPath.has(p));
  const dialect = tmplPath ? CLUSTER_TEMPLATE_FILES[tmplPath] : 'go-template';
  const metadata = step(
    issues,
    () => unwrap(parseVmMetadata(parseJsonFile(required(byPath, METADATA_FILE))))?.metadata,
  );
  const configDialect = dialect === 'mustache' ? 'appcenter' : 'openpitrix';
  const config = step(
    issues,
    () => unwrap(parseConfigTemplate(parseJsonFile(required(byPath, CONFIG_FILE)), configDialect))?.config,
  );
  if (!tmplPath)
    issues.push({
      code: 'MISSING_FILE',
      path: 'cluster.json.tmpl',
      message: 'cluster.json.tmpl (or cluster.json.mustache) is missing',
    });
  const locales = step(issues, () => readLocales(files));
  if (!metadata || !config || !tmplPath || !locales || issues.length > 0) return { ok: false, issues };
  const source = byPath.get(tmplPath)!.data.toString('utf8');
  const defaults = defaultValues(config);
  const rendered = renderCluster({ path: tmplPath, source, dialect }, defaults, options.render ?? openPitrixRenderer);
  if (!rendered.ok) return rendered;
  return {
    ok: true,
    pkg: {
      format: 'vm',
      metadata,
      config,
      defaults,
      clusterTemplate: { path: tmplPath, source, dialect },
      cluster: rendered.cluster,
      locales,
      files,
    },
  };
}

/**
 * Renders a cluster template with config values (the defaults at load time, the user's
 * values at deploy time) and validates the result. Never throws for bad templates.
 */
export function renderCluster(
  template: VmPackage['clusterTemplate'],
  values: ConfigValues,
  render: ClusterTemplateRenderer = openPitrixRenderer,
): ClusterValidation {
  try {
    const rendered = render(template.source, values, template.dialect);
    return validateCluster(parseJsonText(rendered, `${template.path} (rendered)`));
  } catch (err) {
    if (err instanceof PackageError)
      return { ok: false, issues: [{ code: err.code, path: err.path || template.path, message: err.detail }] };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, issues: [{ code: 'RENDER_FAILED', path: template.path, message }] };
  }
}

class IssuesOnly {
  constructor(readonly issues: readonly PackageIssue[]) {}
}

/** The success value of a result, or undefined after recording its issues by throwing them. */
function unwrap<T extends { ok: true }>(r: T | { ok: false; issues: readonly PackageIssue[] }): T | undefined {
  if (r.ok) return r;
  throw new IssuesOnly(r.issues);
}

/** Runs one validation step, turning thrown PackageErrors and IssuesOnly into collected issues. */
function step<T>(issues: PackageIssue[], fn: () => T | undefined): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof IssuesOnly) issues.push(...err.issues);
    else if (err instanceof PackageError) issues.push(err.toIssue());
    else throw err;
    return undefined;
  }
}

function required(byPath: ReadonlyMap<string, ArchiveFile>, path: string): ArchiveFile {
  const f = byPath.get(path);
  if (!f) throw new PackageError('MISSING_FILE', path, `${path} is missing`);
  return f;
}

function readLocales(files: readonly ArchiveFile[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const f of files) {
    const m = /^locale\/([A-Za-z_-]+)\.json$/.exec(f.path);
    if (!m) continue;
    const json = parseJsonFile(f);
    if (!isObject(json) || !Object.values(json).every((v) => typeof v === 'string')) {
      throw new PackageError('INVALID_METADATA', f.path, 'a locale file must map strings to strings');
    }
    out[m[1]] = json as Record<string, string>;
  }
  return out;
}
