/**
 * A package directory made into its `.tgz` (what `helm package` / `marina package` write): the
 * directory read under the archive limits with `.helmignore` applied, validated as a package,
 * and archived under a top folder named for the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeTarGz } from './archive';
import { readPackageDirectory } from './package-dir';
import type { PackageIssue } from './package-error';
import { helmIgnoreMatcher } from './package-ignore';
import { loadPackageFiles, type LoadedPackage } from './package-loader';
import { packageFileName } from './package-naming';

export type PackedDirectory =
  | { readonly ok: true; readonly pkg: LoadedPackage; readonly fileName: string; readonly archive: Buffer }
  | { readonly ok: false; readonly issues: readonly PackageIssue[] };

/** Packs `dir`. Throws PackageError for what reading the directory refuses (links, limits). */
export function packDirectory(dir: string): PackedDirectory {
  const ignoreFile = join(dir, '.helmignore');
  const ignore = helmIgnoreMatcher(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : undefined);
  const files = readPackageDirectory(dir, { ignore });
  const result = loadPackageFiles(files, basename(dir));
  if (!result.ok) return { ok: false, issues: result.issues };
  const { name, version } = result.pkg;
  const archive = writeTarGz(files.map((f) => ({ path: `${name}/${f.path}`, data: f.data, mode: f.mode })));
  return { ok: true, pkg: result.pkg, fileName: packageFileName(name, version), archive };
}
