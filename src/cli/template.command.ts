/**
 * `marina template RELEASE CHART [flags]`: renders a chart exactly like `helm template`
 * (stdout, stderr and exit code). Loads only the Helm renderer and the template engine.
 */
import { runTemplate } from '../packages/helm/cli/template-run';

export async function run(argv: string[]): Promise<number> {
  return runTemplate(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
