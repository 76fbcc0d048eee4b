import type { JsonChecker } from '../package-json-checks';
import { packageJsonHeader } from '../package-json-header';
import { isObject, ptr, type Json } from '../package-issues';
import type { PackageIssue } from '../package-error';
import type { TemplatePackageMetadata, TemplateVariable } from './template-types';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type TemplateMetadataResult =
  { ok: true; metadata: TemplatePackageMetadata } | { ok: false; issues: readonly PackageIssue[] };

/** Validates a template package's package.json: type "template", name, SemVer version, unique well-formed variables. */
export function parseTemplateMetadata(raw: unknown): TemplateMetadataResult {
  const header = packageJsonHeader(raw, 'template');
  if (!header.ok) return header;
  const { c, name, version } = header;
  const list = c.arr(header.raw, 'variables', '') ?? [];
  const variables = list
    .map((v, i) => parseVariable(c, v, ptr('/variables', i)))
    .filter((v): v is TemplateVariable => v !== null);
  const seen = new Set<string>();
  variables.forEach((v, i) => {
    if (seen.has(v.name)) c.issues.add(ptr(ptr('/variables', i), 'name'), `variable "${v.name}" is declared twice`);
    seen.add(v.name);
  });
  const metadata = {
    name: name ?? '',
    version: version ?? '',
    description: c.str(header.raw, 'description', ''),
    variables,
  };
  return c.issues.ok ? { ok: true, metadata } : { ok: false, issues: c.issues.issues };
}

function parseVariable(c: JsonChecker, raw: Json, at: string): TemplateVariable | null {
  if (!isObject(raw)) {
    c.issues.add(at, 'a variable must be an object');
    return null;
  }
  c.onlyKeys(raw, at, new Set(['name', 'description', 'default', 'required', 'secret']));
  const name = c.str(raw, 'name', at, { required: true });
  if (name !== undefined && !VARIABLE_NAME.test(name))
    c.issues.add(ptr(at, 'name'), `"${name}" is not a valid variable name (letters, digits, '_')`);
  const d = raw.default;
  if (d !== undefined && d !== null && typeof d === 'object')
    c.issues.add(ptr(at, 'default'), '"default" must be a string, number or boolean');
  if (name === undefined) return null;
  return {
    name,
    description: c.str(raw, 'description', at),
    default: d === undefined || d === null || typeof d === 'object' ? undefined : String(d),
    required: c.bool(raw, 'required', at) ?? false,
    secret: c.bool(raw, 'secret', at) ?? false,
  };
}
