/**
 * The lint rule `marina/library-boundaries` through ESLint itself (the project's eslint.config.js,
 * as `npm run lint` runs it): planted files that import against the rules fail, with one error per
 * bad import; the same files with the imports the rules allow pass.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

/** ESLint's messages for `text` as if it were the file `path` (relative to the repository). */
function lint(path: string, text: string): LintMessage[] {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', path],
    {
      cwd: root,
      input: text,
      encoding: 'utf8',
    },
  );
  if (r.error) throw r.error;
  const [result] = JSON.parse(r.stdout) as Array<{ messages: LintMessage[] }>;
  return result.messages;
}

const boundaryErrors = (path: string, text: string) =>
  lint(path, text)
    .filter((m) => m.ruleId === 'marina/library-boundaries')
    .map((m) => `${m.line}: ${m.message}`);

describe('marina/library-boundaries', () => {
  it('rejects deep imports into a library from the application, by package path or relative path', () => {
    const planted = [
      "import { renderChart } from '@marina/helm/render/render-chart';",
      "import { Template } from '../../lib/gotemplate/template';",
      "const lazy = require('@marina/kube-sandbox/kube-sandbox');",
      "export type T = typeof import('../../lib/go-runtime/value/values');",
      'export { renderChart, Template, lazy };',
    ].join('\n');
    expect(boundaryErrors('src/packages/planted.ts', planted)).toEqual([
      "1: deep import '@marina/helm/render/render-chart': import the library's entry '@marina/helm'",
      "2: relative import '../../lib/gotemplate/template' into lib/gotemplate: import its entry '@marina/gotemplate'",
      "3: deep import '@marina/kube-sandbox/kube-sandbox': import the library's entry '@marina/kube-sandbox'",
      "4: relative import '../../lib/go-runtime/value/values' into lib/go-runtime: import its entry '@marina/go-runtime'",
    ]);
  });

  it('rejects imports against the direction helm → gotemplate → go-runtime and any import of the application', () => {
    expect(
      boundaryErrors(
        'lib/go-runtime/fmt/planted.ts',
        "import { Template } from '@marina/gotemplate';\nexport { Template };",
      ),
    ).toEqual([
      "1: '@marina/gotemplate' against the direction of the libraries: lib/go-runtime may import no other library",
    ]);
    expect(
      boundaryErrors(
        'lib/gotemplate/planted.ts',
        "import { renderChart } from '@marina/helm';\nexport { renderChart };",
      ),
    ).toEqual([
      "1: '@marina/helm' against the direction of the libraries: lib/gotemplate may import @marina/go-runtime",
    ]);
    expect(
      boundaryErrors(
        'lib/kube-sandbox/planted.ts',
        "import { loadConfig } from '../../src/config';\nexport { loadConfig };",
      ),
    ).toEqual([
      "1: lib/kube-sandbox imports the application ('../../src/config'): libraries depend on no application code",
    ]);
    expect(
      boundaryErrors(
        'lib/helm/render/planted.ts',
        "import { Template } from '../../gotemplate/template';\nexport { Template };",
      ),
    ).toEqual([
      "1: relative import '../../gotemplate/template' into lib/gotemplate: import its entry '@marina/gotemplate'",
    ]);
  });

  it('accepts entry imports in the direction of the libraries and relative imports within one', () => {
    const allowed = [
      "import { Template } from '@marina/gotemplate';",
      "import { GoInt } from '@marina/go-runtime';",
      "import { coalesceValues } from '../values/coalesce';",
      'export { Template, GoInt, coalesceValues };',
    ].join('\n');
    expect(boundaryErrors('lib/helm/render/planted.ts', allowed)).toEqual([]);
    expect(
      boundaryErrors('src/cli/planted.ts', "import { renderChart } from '@marina/helm';\nexport { renderChart };"),
    ).toEqual([]);
  });
});
