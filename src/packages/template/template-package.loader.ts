import type { ArchiveFile } from '@marina/go-runtime';
import { assertUtf8Text, checkTextFiles } from '../archive/text-check';
import { PackageError, type PackageIssue } from '../package-error';
import { parseJsonFile } from '../package-json-parse';
import { parseYamlDocumentsSafe } from '../package-yaml';
import { checkKubernetesObject } from './template-kubernetes';
import { parseTemplateMetadata } from './template-metadata';
import { placeholdersOf, substitute } from './template-substitute';
import {
  BUILTIN_VARIABLES,
  type BuiltinValues,
  type KubernetesObject,
  type TemplatePackageMetadata,
} from './template-types';

/** A loaded template package whose templates render to valid Kubernetes objects with sample values. */
export interface TemplatePackage {
  readonly format: 'template';
  readonly metadata: TemplatePackageMetadata;
  /** Template files in render order (sorted by path). */
  readonly templates: readonly { readonly path: string; readonly text: string }[];
  readonly files: readonly ArchiveFile[];
}

export type TemplateLoadResult = { ok: true; pkg: TemplatePackage } | { ok: false; issues: readonly PackageIssue[] };
export type TemplateRenderResult =
  { ok: true; objects: KubernetesObject[]; manifest: string } | { ok: false; issues: readonly PackageIssue[] };

const TEMPLATE_FILE = /^templates\/[^/]+\.ya?ml$/;

/**
 * Loads a Kubernetes YAML template package (files relative to its top-level directory):
 * package.json with declared variables, templates/*.yaml or template.yaml. Every placeholder
 * must be declared (APP_NAME and NAMESPACE are built in); the templates must render, with
 * defaults or sample values, to YAML documents that are Kubernetes objects.
 */
export function loadTemplatePackage(files: readonly ArchiveFile[]): TemplateLoadResult {
  const issues: PackageIssue[] = [...checkTextFiles(files)];
  const meta = files.find((f) => f.path === 'package.json');
  if (!meta)
    return {
      ok: false,
      issues: [...issues, { code: 'MISSING_FILE', path: 'package.json', message: 'package.json is missing' }],
    };
  let parsed;
  try {
    parsed = parseTemplateMetadata(parseJsonFile(meta));
  } catch (err) {
    if (!(err instanceof PackageError)) throw err;
    return { ok: false, issues: [...issues, err.toIssue()] };
  }
  if (!parsed.ok) return { ok: false, issues: [...issues, ...parsed.issues] };
  const templates = pickTemplates(files, issues);
  if (issues.length > 0) return { ok: false, issues };
  const pkg: TemplatePackage = { format: 'template', metadata: parsed.metadata, templates, files };
  issues.push(...checkPlaceholders(pkg));
  if (issues.length > 0) return { ok: false, issues };
  const sample = renderTemplatePackage(pkg, sampleValues(pkg.metadata), {
    APP_NAME: 'sample-app',
    NAMESPACE: 'default',
    DOCKER_IMAGE: 'registry.example/sample:latest',
  });
  return sample.ok ? { ok: true, pkg } : { ok: false, issues: sample.issues };
}

function pickTemplates(files: readonly ArchiveFile[], issues: PackageIssue[]): TemplatePackage['templates'] {
  const inDir = files.filter((f) => TEMPLATE_FILE.test(f.path));
  const single = files.filter((f) => f.path === 'template.yaml' || f.path === 'template.yml');
  if (inDir.length > 0 && single.length > 0) {
    issues.push({
      code: 'INVALID_TEMPLATE',
      path: single[0].path,
      message: 'use either templates/*.yaml or a single template.yaml, not both',
    });
  }
  const chosen = inDir.length > 0 ? inDir : single;
  if (chosen.length === 0)
    issues.push({ code: 'MISSING_FILE', path: 'templates/', message: 'no templates/*.yaml and no template.yaml' });
  const out: { path: string; text: string }[] = [];
  for (const f of [...chosen].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    try {
      out.push({ path: f.path, text: assertUtf8Text(f) });
    } catch (err) {
      if (!(err instanceof PackageError)) throw err; // already reported by checkTextFiles
    }
  }
  return out;
}

function checkPlaceholders(pkg: TemplatePackage): PackageIssue[] {
  const declared = new Set<string>([...BUILTIN_VARIABLES, ...pkg.metadata.variables.map((v) => v.name)]);
  const issues: PackageIssue[] = [];
  for (const t of pkg.templates) {
    try {
      for (const name of placeholdersOf(t.text, t.path)) {
        if (!declared.has(name))
          issues.push({
            code: 'INVALID_TEMPLATE',
            path: t.path,
            message: `placeholder {{ ${name} }} is not declared in package.json variables`,
          });
      }
    } catch (err) {
      if (!(err instanceof PackageError)) throw err;
      issues.push(err.toIssue());
    }
  }
  return issues;
}

/** Values used for the load-time syntax check: defaults, or a DNS-safe sample per variable. */
function sampleValues(meta: TemplatePackageMetadata): Record<string, string> {
  return Object.fromEntries(
    meta.variables.map((v) => [v.name, v.default ?? `sample-${v.name.toLowerCase().replace(/_/g, '-')}`]),
  );
}

/**
 * Renders a template package with user values (the platform supplies APP_NAME and NAMESPACE, the
 * user DOCKER_IMAGE; declared defaults fill the remaining gaps) and checks every document as a
 * Kubernetes object. Reports required variables without a value, values for undeclared variables
 * and a DOCKER_IMAGE the templates use but nobody gave.
 */
export function renderTemplatePackage(
  pkg: TemplatePackage,
  values: Readonly<Record<string, string>>,
  builtins: BuiltinValues,
): TemplateRenderResult {
  const issues: PackageIssue[] = [];
  const declared = new Map(pkg.metadata.variables.map((v) => [v.name, v]));
  const builtinNames: ReadonlySet<string> = new Set(BUILTIN_VARIABLES);
  for (const k of Object.keys(values)) {
    if (!declared.has(k) && !builtinNames.has(k))
      issues.push({
        code: 'INVALID_TEMPLATE',
        path: 'package.json',
        message: `value given for undeclared variable ${k}`,
      });
  }
  const merged: Record<string, string> = { APP_NAME: builtins.APP_NAME, NAMESPACE: builtins.NAMESPACE };
  const image = values.DOCKER_IMAGE ?? builtins.DOCKER_IMAGE;
  if (image !== undefined) merged.DOCKER_IMAGE = image;
  for (const v of pkg.metadata.variables) {
    const value = values[v.name] ?? (v.name in merged ? merged[v.name] : undefined) ?? v.default;
    if (value === undefined || (v.required && value === '')) {
      if (v.required)
        issues.push({ code: 'INVALID_TEMPLATE', path: 'package.json', message: `variable ${v.name} is required` });
      merged[v.name] = '';
    } else merged[v.name] = value;
  }
  if (merged.DOCKER_IMAGE === undefined && usesPlaceholder(pkg, 'DOCKER_IMAGE'))
    issues.push({
      code: 'INVALID_TEMPLATE',
      path: 'package.json',
      message: 'variable DOCKER_IMAGE is required: the templates use {{ DOCKER_IMAGE }}',
    });
  if (issues.length > 0) return { ok: false, issues };
  return renderDocuments(pkg, merged);
}

function usesPlaceholder(pkg: TemplatePackage, name: string): boolean {
  return pkg.templates.some((t) => placeholdersOf(t.text, t.path).includes(name));
}

function renderDocuments(pkg: TemplatePackage, values: Record<string, string>): TemplateRenderResult {
  const issues: PackageIssue[] = [];
  const objects: KubernetesObject[] = [];
  const texts: string[] = [];
  for (const t of pkg.templates) {
    try {
      const text = substitute(t.text, t.path, values);
      const docs = parseYamlDocumentsSafe(text, t.path);
      docs.forEach((doc, i) => {
        const r = checkKubernetesObject(doc, `${t.path}#${i + 1}`);
        if (Array.isArray(r)) issues.push(...r);
        else objects.push(r);
      });
      texts.push(text.trimEnd());
    } catch (err) {
      if (!(err instanceof PackageError)) throw err;
      issues.push(err.toIssue());
    }
  }
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, objects, manifest: texts.map((t) => `---\n${t.replace(/^---\n/, '')}\n`).join('') };
}
