import { JsonChecker } from '../package-json-checks';
import { IssueCollector, isObject, ptr } from '../package-issues';
import { packageNameProblem, versionProblem } from '../package-naming';
import type { PackageIssue } from '../package-error';
import type { VmPackageMetadata } from './vm-types';

export const METADATA_FILE = 'package.json';

export type MetadataResult = { ok: true; metadata: VmPackageMetadata } | { ok: false; issues: readonly PackageIssue[] };

/**
 * Validates package.json (OpenPitrix opapp.Metadata): `name` required and file-name safe,
 * `version` SemVer, optional strings and string lists, maintainers as {name, email}.
 */
export function parseVmMetadata(raw: unknown): MetadataResult {
  const c = new JsonChecker(new IssueCollector(METADATA_FILE, 'INVALID_METADATA'));
  if (!isObject(raw)) {
    c.issues.add('', 'package.json must be a JSON object');
    return { ok: false, issues: c.issues.issues };
  }
  const name = c.str(raw, 'name', '', { required: true, nonBlank: true });
  const version = c.str(raw, 'version', '', { required: true, nonBlank: true });
  const nameProblem = name ? packageNameProblem(name) : null;
  if (nameProblem) c.issues.add('/name', nameProblem);
  const vProblem = version ? versionProblem(version) : null;
  if (vProblem) c.issues.add('/version', vProblem);
  const metadata: VmPackageMetadata = {
    apiVersion: c.str(raw, 'api_version', '') ?? c.str(raw, 'apiVersion', ''),
    name: name ?? '',
    version: version ?? '',
    appVersion: c.str(raw, 'app_version', ''),
    description: c.str(raw, 'description', ''),
    home: c.str(raw, 'home', ''),
    icon: c.str(raw, 'icon', ''),
    maintainers: maintainers(c, raw.maintainers),
    screenshots: c.strings(raw, 'screenshots', '') ?? [],
    keywords: c.strings(raw, 'keywords', '') ?? [],
    sources: c.strings(raw, 'sources', '') ?? [],
  };
  return c.issues.ok ? { ok: true, metadata } : { ok: false, issues: c.issues.issues };
}

function maintainers(c: JsonChecker, raw: unknown): VmPackageMetadata['maintainers'] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    c.issues.add('/maintainers', '"maintainers" must be an array');
    return [];
  }
  return raw.flatMap((m, i) => {
    if (!isObject(m)) {
      c.issues.add(ptr('/maintainers', i), 'a maintainer must be an object');
      return [];
    }
    return [{ name: c.str(m, 'name', ptr('/maintainers', i)), email: c.str(m, 'email', ptr('/maintainers', i)) }];
  });
}
