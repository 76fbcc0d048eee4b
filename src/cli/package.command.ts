/**
 * `marina package DIR [-d OUTDIR]`: packages a Helm chart, OpenPitrix VM package or template
 * package directory into `<name>-<version>.tgz` (like `helm package`), after validating it.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PackageError, type PackageIssue } from '../packages/package-error';
import { packDirectory } from '../packages/package-directory';
import { existingDirectory, usageError } from './cli-io';

const USAGE = 'Usage: marina package DIR [-d|--destination OUTDIR]\n';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) return usageError(args.error, USAGE);
  const dir = existingDirectory(args.dir);
  if (!dir) return 1;
  try {
    const packed = packDirectory(dir);
    if (!packed.ok) return reportIssues(packed.issues);
    const out = join(resolve(args.destination), packed.fileName);
    writeFileSync(out, packed.archive);
    process.stdout.write(
      `Successfully packaged ${packed.pkg.format === 'helm' ? 'chart' : `${packed.pkg.format} package`} and saved it to: ${out}\n`,
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
