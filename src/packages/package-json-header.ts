/**
 * The header every Marina-format package.json shares (TEMPLATE, COMPOSED): an object with
 * `"type"` naming the format, a package name and a SemVer version. One checker so both formats
 * report the same problems the same way.
 */
import { JsonChecker } from './package-json-checks';
import { IssueCollector, isObject, type JsonObject } from './package-issues';
import { packageNameProblem, versionProblem } from './package-naming';
import type { PackageIssue } from './package-error';

export type PackageJsonHeader =
  | {
      readonly ok: true;
      /** The checker, to go on checking the format's own keys (issues collect in one place). */
      readonly c: JsonChecker;
      readonly raw: JsonObject;
      readonly name: string | undefined;
      readonly version: string | undefined;
    }
  | { readonly ok: false; readonly issues: readonly PackageIssue[] };

/** Checks `raw` as a package.json of `type`; ok unless it is not an object (other problems are in `c`). */
export function packageJsonHeader(raw: unknown, type: string): PackageJsonHeader {
  const c = new JsonChecker(new IssueCollector('package.json', 'INVALID_METADATA'));
  if (!isObject(raw)) {
    c.issues.add('', 'package.json must be a JSON object');
    return { ok: false, issues: c.issues.issues };
  }
  c.str(raw, 'type', '', { required: true, oneOf: [type] });
  const name = c.str(raw, 'name', '', { required: true, nonBlank: true });
  const version = c.str(raw, 'version', '', { required: true, nonBlank: true });
  const np = name ? packageNameProblem(name) : null;
  if (np) c.issues.add('/name', np);
  const vp = version ? versionProblem(version) : null;
  if (vp) c.issues.add('/version', vp);
  return { ok: true, c, raw, name, version };
}
