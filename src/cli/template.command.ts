/**
 * `marina template RELEASE CHART [flags]`: renders a chart exactly like `helm template`
 * (stdout, stderr and exit code). Loads only the Helm renderer and the template engine, through
 * Node's on-disk compile cache so repeated invocations skip recompiling them.
 */
import { enableCompileCache } from 'node:module';
import type { CommandIO } from '../packages/helm/cli/template-run';

export async function run(argv: string[]): Promise<number> {
  enableCompileCache?.();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the compile cache is on
  const { runTemplate } = require('../packages/helm/cli/template-run') as typeof import('../packages/helm/cli/template-run');
  const io: CommandIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  return runTemplate(argv, io);
}
