/**
 * `marina repo index DIR [--url URL] [--merge index.yaml] [--format auto|helm|vm]`: writes
 * DIR/index.yaml for the packages in DIR, like `helm repo index` (or an OpenPitrix VM index).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { indexDirectory } from '../repos/index/directory-index';
import { IndexError, type IndexFormat } from '../repos/index/repo-index.types';
import { existingDirectory, usageError } from './cli-io';

const USAGE = 'Usage: marina repo index DIR [--url URL] [--merge INDEX] [--format auto|helm|vm]\n';

interface IndexArgs {
  dir: string;
  url?: string;
  merge?: string;
  format: IndexFormat | 'auto';
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'index') {
    process.stderr.write(`Error: unknown repo command "${sub ?? ''}"\n${USAGE}`);
    return 1;
  }
  const args = parseArgs(rest);
  if ('error' in args) return usageError(args.error, USAGE);
  const dir = existingDirectory(args.dir);
  if (!dir) return 1;
  try {
    const result = indexDirectory(dir, {
      url: args.url,
      merge: args.merge && resolve(args.merge),
      format: args.format,
    });
    writeFileSync(join(dir, 'index.yaml'), result.text);
    for (const s of result.skipped) process.stderr.write(`skipping ${s.file}: ${s.reason}\n`);
    process.stdout.write(
      `Indexed ${result.entries} package version(s) into ${join(dir, 'index.yaml')} (${result.format} format)\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof IndexError) {
      process.stderr.write(`Error: [${err.code}] ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function parseArgs(argv: string[]): IndexArgs | { error: string } {
  const out: Partial<IndexArgs> & { format: IndexArgs['format'] } = { format: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--url') out.url = value();
    else if (flag === '--merge') out.merge = value();
    else if (flag === '--format') {
      const f = value();
      if (f !== 'auto' && f !== 'helm' && f !== 'vm') return { error: `--format must be auto, helm or vm` };
      out.format = f;
    } else if (flag.startsWith('-')) return { error: `unknown flag ${flag}` };
    else if (out.dir === undefined) out.dir = flag;
    else return { error: `unexpected argument ${flag}` };
    if ((flag === '--url' || flag === '--merge') && !(flag === '--url' ? out.url : out.merge))
      return { error: `${flag} needs a value` };
  }
  return out.dir === undefined ? { error: 'DIR is required' } : (out as IndexArgs);
}
