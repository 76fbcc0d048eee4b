/**
 * Chart.yaml reading and validation as Helm 3.17 does it: sigs.k8s.io/yaml into `chart.Metadata`
 * (case-insensitive keys, numbers and booleans coerced into string fields) and
 * `Metadata.Validate` (required fields, SemVer version, chart type, dependency aliases).
 */
import { formatFloat, isPlainMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { unmarshalYaml } from '../yaml/sigs-yaml';
import type { ChartDependency, ChartMaintainer, ChartMetadata } from './chart.types';
import { isValidSemver } from './helm-semver';

/** Chart.yaml content that Helm rejects; `message` is Helm's (`validation: …`, `cannot load Chart.yaml: …`). */
export class ChartMetadataError extends Error {
  readonly code = 'INVALID_METADATA';
  override readonly name = 'ChartMetadataError';
}

/** An empty metadata record (what Go's zero `chart.Metadata` holds). */
export function emptyMetadata(): ChartMetadata {
  return {
    name: '',
    home: '',
    sources: [],
    version: '',
    description: '',
    keywords: [],
    maintainers: [],
    icon: '',
    apiVersion: '',
    condition: '',
    tags: '',
    appVersion: '',
    deprecated: false,
    annotations: {},
    kubeVersion: '',
    dependencies: [],
    type: '',
  };
}

/** Reads Chart.yaml (or requirements.yaml) content over `into`, like json.Unmarshal into a struct. */
export function readMetadataYaml(text: string, into: ChartMetadata, file: string): ChartMetadata {
  let doc: GoValue;
  try {
    doc = unmarshalYaml(text);
  } catch (err) {
    throw new ChartMetadataError(`cannot load ${file}: ${(err as Error).message}`);
  }
  if (doc === null) return into;
  if (!isPlainMap(doc))
    throw new ChartMetadataError(
      `cannot load ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type chart.Metadata`,
    );
  for (const key of Object.keys(doc)) assignField(into, key, doc[key], file);
  return into;
}

type Setter = (m: ChartMetadata, v: GoValue, file: string) => void;

const str =
  (
    f:
      | 'name'
      | 'home'
      | 'version'
      | 'description'
      | 'icon'
      | 'apiVersion'
      | 'condition'
      | 'tags'
      | 'appVersion'
      | 'kubeVersion'
      | 'type',
  ): Setter =>
  (m, v, file) => {
    m[f] = toStringField(v, `Metadata.${f}`, file);
  };

const FIELDS: Record<string, Setter> = {
  name: str('name'),
  home: str('home'),
  version: str('version'),
  description: str('description'),
  icon: str('icon'),
  apiversion: str('apiVersion'),
  condition: str('condition'),
  tags: str('tags'),
  appversion: str('appVersion'),
  kubeversion: str('kubeVersion'),
  type: str('type'),
  sources: (m, v, f) => (m.sources = toStringList(v, 'Metadata.sources', f)),
  keywords: (m, v, f) => (m.keywords = toStringList(v, 'Metadata.keywords', f)),
  deprecated: (m, v, f) => (m.deprecated = toBool(v, 'Metadata.deprecated', f)),
  annotations: (m, v, f) => (m.annotations = toStringMap(v, 'Metadata.annotations', f)),
  maintainers: (m, v, f) => (m.maintainers = toList(v, 'Metadata.maintainers', f).map((x) => toMaintainer(x, f))),
  dependencies: (m, v, f) => (m.dependencies = toList(v, 'Metadata.dependencies', f).map((x) => toDependency(x, f))),
};

function assignField(m: ChartMetadata, key: string, v: GoValue, file: string): void {
  const setter = FIELDS[key.toLowerCase()];
  if (setter) setter(m, v, file);
}

function fail(file: string, field: string, v: GoValue, type: string): never {
  throw new ChartMetadataError(
    `cannot load ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type ${type}`,
  );
}

function jsonKind(v: GoValue): string {
  if (Array.isArray(v)) return 'array';
  if (isPlainMap(v)) return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** sigs.k8s.io/yaml turns YAML numbers/bools into strings when the target field is a string. */
function toStringField(v: GoValue, field: string, file: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : formatFloat(v, 'g', -1, 32);
  return fail(file, field, v, 'string');
}

function toBool(v: GoValue, field: string, file: string): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  return fail(file, field, v, 'bool');
}

function toList(v: GoValue, field: string, file: string): GoValue[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  return fail(file, field, v, '[]');
}

function toStringList(v: GoValue, field: string, file: string): string[] {
  return toList(v, field, file).map((x) => toStringField(x, field, file));
}

function toStringMap(v: GoValue, field: string, file: string): Record<string, string> {
  if (v === null || v === undefined) return {};
  if (!isPlainMap(v)) return fail(file, field, v, 'map[string]string');
  const out: Record<string, string> = {};
  for (const k of Object.keys(v)) out[k] = toStringField(v[k], field, file);
  return out;
}

function lowerKeys(v: GoValue, field: string, file: string): GoMapObject {
  if (!isPlainMap(v)) return fail(file, field, v, 'struct');
  const out: GoMapObject = Object.create(null);
  for (const k of Object.keys(v)) out[k.toLowerCase()] = v[k];
  return out;
}

function toMaintainer(v: GoValue, file: string): ChartMaintainer {
  if (v === null) throw new ChartMetadataError('validation: maintainers must not contain empty or null nodes');
  const m = lowerKeys(v, 'Metadata.maintainers', file);
  return {
    name: toStringField(m.name, 'Maintainer.name', file),
    email: toStringField(m.email, 'Maintainer.email', file),
    url: toStringField(m.url, 'Maintainer.url', file),
  };
}

function toDependency(v: GoValue, file: string): ChartDependency {
  if (v === null) throw new ChartMetadataError('validation: dependencies must not contain empty or null nodes');
  const m = lowerKeys(v, 'Metadata.dependencies', file);
  return {
    name: toStringField(m.name, 'Dependency.name', file),
    version: toStringField(m.version, 'Dependency.version', file),
    repository: toStringField(m.repository, 'Dependency.repository', file),
    condition: toStringField(m.condition, 'Dependency.condition', file),
    tags: toStringList(m.tags, 'Dependency.tags', file),
    enabled: toBool(m.enabled, 'Dependency.enabled', file),
    importValues: toList(m['import-values'], 'Dependency.import-values', file),
    alias: toStringField(m.alias, 'Dependency.alias', file),
  };
}

/**
 * `unicode.IsSpace` → ' ', drop non-printables (Helm's sanitizeString). Printable ASCII is returned
 * as it is without running (and compiling: \p{Cn} is most of Unicode) the Unicode-class regexes.
 */
function sanitize(s: string): string {
  if (!/[^\x20-\x7e]/.test(s)) return s;
  return s.replace(GO_SPACE, ' ').replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu, '');
}

/** Go's unicode.IsSpace (JS's \s differs: it lacks U+0085 and has U+FEFF, which Go drops as Cf). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;

/** `Metadata.Validate()`: sanitises text fields and throws `validation: …` errors. */
export function validateMetadata(md: ChartMetadata): void {
  md.name = sanitize(md.name);
  md.description = sanitize(md.description);
  md.home = sanitize(md.home);
  md.icon = sanitize(md.icon);
  md.condition = sanitize(md.condition);
  md.tags = sanitize(md.tags);
  md.appVersion = sanitize(md.appVersion);
  md.kubeVersion = sanitize(md.kubeVersion);
  md.sources = md.sources.map(sanitize);
  md.keywords = md.keywords.map(sanitize);
  const v = (msg: string) => new ChartMetadataError(`validation: ${msg}`);
  if (md.apiVersion === '') throw v('chart.metadata.apiVersion is required');
  if (md.name === '') throw v('chart.metadata.name is required');
  if (md.name.includes('/')) throw v(`chart.metadata.name "${md.name}" is invalid`);
  if (md.version === '') throw v('chart.metadata.version is required');
  if (!isValidSemver(md.version)) throw v(`chart.metadata.version "${md.version}" is invalid`);
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library')
    throw v('chart.metadata.type must be application or library');
  md.maintainers = md.maintainers.map((mt) => ({
    name: sanitize(mt.name),
    email: sanitize(mt.email),
    url: sanitize(mt.url),
  }));
  validateDependencies(md.dependencies, v);
}

const ALIAS_RE = /^[a-zA-Z0-9_-]+$/;

function validateDependencies(deps: ChartDependency[], v: (msg: string) => Error): void {
  const seen = new Set<string>();
  for (const d of deps) {
    d.name = sanitize(d.name);
    d.version = sanitize(d.version);
    d.repository = sanitize(d.repository);
    d.alias = sanitize(d.alias);
    d.condition = sanitize(d.condition);
    d.tags = d.tags.map(sanitize);
    if (d.alias !== '' && !ALIAS_RE.test(d.alias))
      throw v(`dependency "${d.name}" has disallowed characters in the alias`);
    const key = d.alias !== '' ? d.alias : d.name;
    if (seen.has(key)) throw v(`more than one dependency with name or alias "${key}"`);
    seen.add(key);
  }
}
