import { isValidVersion } from './package-version';
import { assertUtf8Text } from './archive/text-check';
import { PackageError, type PackageIssue } from './package-error';
import { parseYamlSafe } from './package-yaml';

/**
 * Chart.yaml metadata as Helm's chart.Metadata carries it into a repository index: the
 * known fields only (unknown ones are dropped, as yaml.Unmarshal into the struct does),
 * empty values omitted (`omitempty`), numbers in string fields turned into their text.
 */
export type ChartMetadata = Readonly<Record<string, unknown>> & {
  readonly name: string;
  readonly version: string;
  readonly apiVersion: string;
};

const STRING_FIELDS = [
  'name',
  'home',
  'version',
  'description',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'kubeVersion',
  'type',
];
const LIST_FIELDS = ['sources', 'keywords'];
const DEP_STRING = ['name', 'version', 'repository', 'condition', 'tags', 'alias'];

export type ChartMetadataResult =
  { ok: true; metadata: ChartMetadata } | { ok: false; issues: readonly PackageIssue[] };

/** Reads and validates Chart.yaml (name, SemVer version, apiVersion v1/v2 defaulting to v1, type application/library). */
export function readChartMetadata(file: { path: string; data: Buffer }): ChartMetadataResult {
  let doc: unknown;
  try {
    doc = parseYamlSafe(assertUtf8Text(file), file.path);
  } catch (err) {
    if (err instanceof PackageError) return { ok: false, issues: [err.toIssue()] };
    throw err;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return {
      ok: false,
      issues: [{ code: 'INVALID_METADATA', path: file.path, message: 'Chart.yaml must be a mapping' }],
    };
  }
  const md = pickFields(doc as Record<string, unknown>);
  const issues = validate(md).map((message) => ({ code: 'INVALID_METADATA' as const, path: file.path, message }));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, metadata: md as ChartMetadata };
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function pickFields(raw: Record<string, unknown>): Record<string, unknown> {
  const md: Record<string, unknown> = {};
  for (const k of STRING_FIELDS) if (text(raw[k]) !== undefined) md[k] = text(raw[k]);
  for (const k of LIST_FIELDS) {
    const list = Array.isArray(raw[k])
      ? (raw[k] as unknown[]).map(text).filter((s): s is string => s !== undefined)
      : [];
    if (list.length > 0) md[k] = list;
  }
  if (raw.deprecated === true) md.deprecated = true;
  if (!md.apiVersion) md.apiVersion = 'v1';
  const maintainers = objects(raw.maintainers).map((m) =>
    omitEmpty({ name: text(m.name), email: text(m.email), url: text(m.url) }),
  );
  if (maintainers.length > 0) md.maintainers = maintainers;
  const annotations = raw.annotations;
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
    const a = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, text(v) ?? '']));
    if (Object.keys(a).length > 0) md.annotations = a;
  }
  const deps = objects(raw.dependencies).map(dependency);
  if (deps.length > 0) md.dependencies = deps;
  return md;
}

function dependency(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of DEP_STRING) if (text(d[k]) !== undefined) out[k] = text(d[k]);
  if (Array.isArray(d.tags)) out.tags = d.tags.map(text).filter(Boolean);
  if (d.enabled === true) out.enabled = true;
  if (Array.isArray(d['import-values']) && d['import-values'].length > 0) out['import-values'] = d['import-values'];
  return out;
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x))
    : [];
}

function omitEmpty(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));
}

function validate(md: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (md.apiVersion !== 'v1' && md.apiVersion !== 'v2')
    problems.push(`apiVersion must be v1 or v2, got "${String(md.apiVersion)}"`);
  if (!md.name) problems.push('chart.metadata.name is required');
  else if (!/^[A-Za-z0-9._-]+$/.test(String(md.name)))
    problems.push(`chart name "${String(md.name)}" contains invalid characters`);
  if (!md.version) problems.push('chart.metadata.version is required');
  else if (!isValidVersion(String(md.version)))
    problems.push(`chart.metadata.version "${String(md.version)}" is invalid`);
  if (md.type !== undefined && md.type !== 'application' && md.type !== 'library')
    problems.push(`chart type "${String(md.type)}" is invalid`);
  for (const d of (md.dependencies as Record<string, unknown>[] | undefined) ?? []) {
    if (!d.name) problems.push('a dependency has no name');
  }
  return problems;
}
