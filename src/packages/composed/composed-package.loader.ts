/**
 * Composed packages (PRODUCT.md C4): one top-level directory with package.json
 * (`{"name","version","description","type":"composed"}`) and app.json (the nodes and edges).
 * Loading validates the whole definition; `composedPackageFiles` writes a definition back as the
 * package's files, so edits through the API keep the package the source of truth.
 */
import type { ArchiveFile } from '@marina/go-runtime';
import { checkTextFiles } from '../archive/text-check';
import { JsonChecker } from '../package-json-checks';
import { packageJsonHeader } from '../package-json-header';
import { IssueCollector, isObject } from '../package-issues';
import { PackageError, type PackageIssue } from '../package-error';
import { parseJsonFile } from '../package-json-parse';
import { packageNameProblem, versionProblem } from '../package-naming';
import type { ComposedDefinition, ComposedMetadata } from './composed.types';
import { parseComposedDefinition } from './composed-definition.parse';

export interface ComposedPackage {
  readonly format: 'composed';
  readonly metadata: ComposedMetadata;
  readonly definition: ComposedDefinition;
  /** app.json as written (what the edit mutations change and `AppVersion.composition` returns). */
  readonly document: unknown;
  readonly files: readonly ArchiveFile[];
}

export type ComposedLoadResult = { ok: true; pkg: ComposedPackage } | { ok: false; issues: readonly PackageIssue[] };

export const APP_JSON = 'app.json';

export function loadComposedPackage(files: readonly ArchiveFile[]): ComposedLoadResult {
  const issues: PackageIssue[] = [...checkTextFiles(files)];
  const meta = readJson(files, 'package.json', issues);
  const doc = readJson(files, APP_JSON, issues);
  if (meta === undefined || doc === undefined) return { ok: false, issues };
  const metadata = parseComposedMetadata(meta);
  if (!metadata.ok) issues.push(...metadata.issues);
  const def = parseComposedDefinition(doc);
  if (!def.ok) issues.push(...def.issues);
  if (!metadata.ok || !def.ok || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    pkg: { format: 'composed', metadata: metadata.metadata, definition: def.definition, document: doc, files },
  };
}

function readJson(files: readonly ArchiveFile[], path: string, issues: PackageIssue[]): unknown {
  const file = files.find((f) => f.path === path);
  if (!file) {
    issues.push({ code: 'MISSING_FILE', path, message: `${path} is missing` });
    return undefined;
  }
  try {
    return parseJsonFile(file);
  } catch (err) {
    if (!(err instanceof PackageError)) throw err;
    issues.push(err.toIssue());
    return undefined;
  }
}

export function parseComposedMetadata(
  raw: unknown,
): { ok: true; metadata: ComposedMetadata } | { ok: false; issues: readonly PackageIssue[] } {
  const header = packageJsonHeader(raw, 'composed');
  if (!header.ok) return header;
  const { c, name, version } = header;
  const description = c.str(header.raw, 'description', '', { maxLength: 4096 });
  const appVersion = c.str(header.raw, 'appVersion', '', { maxLength: 128 });
  if (!c.issues.ok) return { ok: false, issues: c.issues.issues };
  return {
    ok: true,
    metadata: {
      name: name!,
      version: version!,
      ...(description ? { description } : {}),
      ...(appVersion ? { appVersion } : {}),
    },
  };
}

/** The package's files with app.json replaced by `document` (2-space JSON, trailing newline). */
export function withAppJson(files: readonly ArchiveFile[], document: unknown): ArchiveFile[] {
  const data = Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
  const others = files.filter((f) => f.path !== APP_JSON);
  const template = files.find((f) => f.path === APP_JSON) ?? files[0];
  return [...others, { ...template, path: APP_JSON, data }].sort((a, b) => (a.path < b.path ? -1 : 1));
}
