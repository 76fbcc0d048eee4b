/**
 * `marina lint PATH...`: validates Helm charts, VM packages and template packages (a directory
 * or a .tgz) and prints every problem per file, like `helm lint`. Exit code 1 when any fails.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readPackageDirectory } from '../packages/package-dir';
import { PackageError, type PackageIssue } from '../packages/package-error';
import { helmIgnoreMatcher } from '../packages/package-ignore';
import { loadPackageArchive, loadPackageFiles, type PackageLoadResult } from '../packages/package-loader';

export async function run(argv: string[]): Promise<number> {
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (paths.length === 0 || paths.length !== argv.length) {
    process.stderr.write('Usage: marina lint PATH...\n');
    return 1;
  }
  let failed = 0;
  for (const path of paths) {
    process.stdout.write(`==> Linting ${path}\n`);
    const issues = lintOne(path);
    for (const i of issues) process.stdout.write(`[ERROR] ${i.path ? i.path + ': ' : ''}${i.message} (${i.code})\n`);
    if (issues.length > 0) failed++;
    process.stdout.write('\n');
  }
  process.stdout.write(`${paths.length} package(s) linted, ${failed} package(s) failed\n`);
  return failed > 0 ? 1 : 0;
}

function lintOne(path: string): readonly PackageIssue[] {
  if (!existsSync(path)) return [{ code: 'MISSING_FILE', path, message: 'no such file or directory' }];
  let result: PackageLoadResult;
  try {
    if (statSync(path).isDirectory()) {
      const ignoreFile = join(path, '.helmignore');
      const ignore = helmIgnoreMatcher(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : undefined);
      result = loadPackageFiles(readPackageDirectory(path, { ignore }), basename(path));
    } else result = loadPackageArchive(readFileSync(path));
  } catch (err) {
    if (err instanceof PackageError) return [err.toIssue()];
    throw err;
  }
  return result.ok ? [] : result.issues;
}
