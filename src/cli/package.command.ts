/**
 * `marina package DIR [-d OUTDIR]`: packages a Helm chart, OpenPitrix VM package or template
 * package directory into `<name>-<version>.tgz` (like `helm package`), after validating it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeTarGz } from '../packages/archive';
import { readPackageDirectory } from '../packages/package-dir';
import { PackageError, type PackageIssue } from '../packages/package-error';
import { helmIgnoreMatcher } from '../packages/package-ignore';
import { loadPackageFiles } from '../packages/package-loader';
import { packageFileName } from '../packages/package-naming';
import { existingDirectory, usageError } from './cli-io';

const USAGE = 'Usage: marina package DIR [-d|--destination OUTDIR]\n';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) return usageError(args.error, USAGE);
  const dir = existingDirectory(args.dir);
  if (!dir) return 1;
  try {
    const ignoreFile = join(dir, '.helmignore');
    const ignore = helmIgnoreMatcher(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : undefined);
    const files = readPackageDirectory(dir, { ignore });
    const result = loadPackageFiles(files, basename(dir));
    if (!result.ok) return reportIssues(result.issues);
    const { name, version } = result.pkg;
    const archive = writeTarGz(files.map((f) => ({ path: `${name}/${f.path}`, data: f.data, mode: f.mode })));
    const out = join(resolve(args.destination), packageFileName(name, version));
    writeFileSync(out, archive);
    process.stdout.write(
      `Successfully packaged ${result.pkg.format === 'helm' ? 'chart' : `${result.pkg.format} package`} and saved it to: ${out}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof PackageError) return reportIssues([err.toIssue()]);
    throw err;
  }
}

function reportIssues(issues: readonly PackageIssue[]): number {
  for (const i of issues) process.stderr.write(`Error: [${i.code}] ${i.path ? i.path + ': ' : ''}${i.message}\n`);
  return 1;
}

function parseArgs(argv: string[]): { dir: string; destination: string } | { error: string } {
  let dir: string | undefined;
  let destination = '.';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-d' || a === '--destination') {
      const v = argv[++i];
      if (!v) return { error: `${a} needs a directory` };
      destination = v;
    } else if (a.startsWith('--destination=')) destination = a.slice('--destination='.length);
    else if (a.startsWith('-')) return { error: `unknown flag ${a}` };
    else if (dir === undefined) dir = a;
    else return { error: `unexpected argument ${a}` };
  }
  return dir === undefined ? { error: 'DIR is required' } : { dir, destination };
}
