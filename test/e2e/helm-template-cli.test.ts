/**
 * `marina template` as a real process (the compiled CLI, like `npx marina template`) against the
 * real `helm template` 3.17.3 process: same stdout, stderr and exit code for chart directories,
 * packaged `.tgz` charts, every values flag, and the error paths.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CONFORMANCE_DIR, isolatedToolEnv, newestMtime } from '../support/files';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };

const root = join(__dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'dist/src/cli/main.js');
const conformance = CONFORMANCE_DIR;
const work = mkdtempSync(join(tmpdir(), 'marina-template-cli-'));
const env = isolatedToolEnv(work);

/** Builds dist/ when it is missing or older than the sources this test exercises. */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist/src/cli/template/template-run.js')).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const sources = Math.max(newestMtime(join(root, 'lib')), newestMtime(join(root, 'src/cli')));
  if (built >= sources) return;
  const r = spawnSync(node, [join(root, 'scripts/build.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

type Run = { stdout: string; stderr: string; code: number | null };

function run(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

const helmTemplate = (args: string[], cwd = conformance) => run(helm, ['template', ...args], cwd);
const marinaTemplate = (args: string[], cwd = conformance) => run(node, [cli, 'template', ...args], cwd);

function expectSame(args: string[], cwd = conformance): Run {
  const h = helmTemplate(args, cwd);
  const m = marinaTemplate(args, cwd);
  expect(m.code).toBe(h.code);
  expect(m.stdout).toBe(h.stdout);
  expect(m.stderr).toBe(h.stderr);
  return m;
}

/** Writes a chart below `work` from files by relative path; returns its directory. */
function writeChart(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const chartYaml = (name: string): string => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
const configMap = (name: string, data: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}\n`;

beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('marina template process vs helm template process', () => {
  it('renders the Bitnami redis chart with scenario values byte-identically', () => {
    const r = expectSame([
      'myrel',
      'charts/assembled/redis-23.1.1',
      '--namespace',
      'default',
      '--kube-version',
      '1.30.0',
      '-f',
      'charts/golden-scenarios/redis/02-standalone-no-persistence.values.yaml',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Source: redis/templates/master/application.yaml');
  });

  it('fails the schema-invalid scenario like helm (exit 1, same message)', () => {
    const r = expectSame([
      'myrel',
      'charts/assembled/redis-23.1.1',
      '--kube-version',
      '1.30.0',
      '-f',
      'charts/golden-scenarios/redis/04-tls-existing-secret-acl-SCHEMA-ERROR.values.yaml',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("values don't meet the specifications of the schema(s)");
  });

  it('renders a packaged .tgz chart', () => {
    const pkg = run(
      helm,
      ['package', join(conformance, 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'), '-d', work],
      work,
    );
    expect(pkg.code).toBe(0);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tgz).toBeDefined();
    expectSame(['rel', join(work, tgz as string), '--include-crds']);
  });

  it('applies --set, --set-string, --set-json, --set-file and -f in helm order', () => {
    const file = join(work, 'extra.txt');
    writeFileSync(file, 'from a file\n');
    const values = join(work, 'v.yaml');
    writeFileSync(values, 'service:\n  name: fromfile\n  externalPort: 8080\n');
    expectSame([
      'rel',
      'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart',
      '-f',
      values,
      '--set',
      'service.internalPort=9000',
      '--set-string',
      'service.type=007',
      '--set-json',
      'service.name="json"',
      '--set-file',
      `note=${file}`,
      '-n',
      'prod',
    ]);
  });

  it('supports --show-only with globs and several files', () => {
    expectSame([
      'rel',
      'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart',
      '--show-only',
      'templates/service.yaml',
      '-s',
      'charts/subcharta/templates/*',
    ]);
  });

  it.each([
    [[] as string[]],
    [['rel', './does-not-exist']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--set', 'broken']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--kube-version', 'x.y']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--bogus']],
    [['BAD', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart', '--show-only', 'templates/nope.yaml']],
    [['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/chart-with-template-with-invalid-yaml']],
  ])('reports errors like helm: %j', (args) => {
    const r = expectSame(args);
    expect(r.code).toBe(1);
  });
});

describe('.Values is a chartutil.Values (methods YAML, Table, AsMap, PathValue, Encode)', () => {
  let chart = '';
  beforeAll(() => {
    const errors: Record<string, string> = {
      missingTable: '{{ .Values.Table "a.nope" }}',
      valueNotTable: '{{ .Values.Table "a.s" }}',
      emptyTable: '{{ .Values.Table "" }}',
      pvTable: '{{ .Values.PathValue "a.b" }}',
      pvMissing: '{{ .Values.PathValue "a.zz.c" }}',
      pvEmpty: '{{ .Values.PathValue "" }}',
      encode: '{{ .Values.Encode }}',
      tableArgs: '{{ .Values.Table }}',
      asMapArgs: '{{ .Values.AsMap "x" }}',
    };
    chart = writeChart('values-methods', {
      'Chart.yaml': chartYaml('parent'),
      'values.yaml': [
        'case: ok',
        'num: 1',
        'nothing: null',
        'YAML: shadowed by the method',
        'a:',
        '  b:',
        '    c: deep',
        '    list: [x, y]',
        '  s: text',
        'sub:',
        '  own: 2',
        '  nested: {k: v}',
        '',
      ].join('\n'),
      'templates/ok.yaml': `{{- if eq .Values.case "ok" }}\n${configMap(
        'ok',
        [
          '  yaml: {{ .Values.YAML | quote }}',
          '  type: {{ printf "%T %T %T %T" .Values (.Values.Table "a") .Values.AsMap .Template | quote }}',
          '  table: {{ .Values.Table "a.b" | toJson | quote }}',
          '  tableyaml: {{ (.Values.Table "a").YAML | quote }}',
          '  asmap: {{ .Values.AsMap | toJson | quote }}',
          '  pv: {{ printf "%v %v %v" (.Values.PathValue "a.b.c") (.Values.PathValue "num") (.Values.PathValue "nothing") | quote }}',
          '  pvlist: {{ .Values.PathValue "a.b.list" | toJson | quote }}',
        ].join('\n'),
      )}{{- end }}\n`,
      'templates/errors.yaml': Object.entries(errors)
        .map(([k, v]) => `{{- if eq .Values.case "${k}" }}${v}{{- end }}\n`)
        .join(''),
      'charts/sub/Chart.yaml': chartYaml('sub'),
      'charts/sub/values.yaml': 'own: 1\ndefault: d\n',
      'charts/sub/templates/sub.yaml': `{{- if eq .Values.global.case "ok" }}\n${configMap(
        'sub',
        [
          '  yaml: {{ .Values.YAML | quote }}',
          '  type: {{ printf "%T" .Values | quote }}',
          '  pv: {{ .Values.PathValue "own" | quote }}',
        ].join('\n'),
      )}{{- end }}\n`,
    });
  });

  it('renders like helm', () => {
    const r = expectSame(['rel', chart, '--set', 'global.case=ok'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chartutil.Values chartutil.Values map[string]interface {} chartutil.Values');
  });

  it.each([
    'missingTable',
    'valueNotTable',
    'emptyTable',
    'pvTable',
    'pvMissing',
    'pvEmpty',
    'encode',
    'tableArgs',
    'asMapArgs',
  ])('fails like helm: %s', (c) => {
    const r = expectSame(['rel', chart, '--set', `case=${c}`, '--set', 'global.case=none'], work);
    expect(r.code).toBe(1);
  });
});

describe("coalescing warnings and errors (stderr, with helm's coalesce.go:NNN prefixes)", () => {
  let chart = '';
  beforeAll(() => {
    chart = writeChart('coalesce', {
      'Chart.yaml': chartYaml('parent'),
      'values.yaml': 'tab:\n  b: 1\nscal: 1\nlist: [1]\n',
      'templates/cm.yaml': configMap('p', '  v: {{ toJson .Values | quote }}'),
      'charts/sub/Chart.yaml': chartYaml('sub'),
      'charts/sub/values.yaml': 'stab:\n  x: 1\nsscal: 2\n',
      'charts/sub/templates/cm.yaml': configMap('s', '  v: {{ toJson .Values | quote }}'),
    });
  });

  it.each([
    [['--set', 'scal.x=1']],
    [['--set', 'list.a=1']],
    [['--set', 'sub.sscal.q=1']],
    [['--set', 'sub.stab.x.y=1']],
    [['--set', 'tab=5']],
    [['--set', 'sub.global=3']],
    [['--set', 'global=3']],
    [['--set', 'global.a.x=1', '--set', 'sub.global.a=5']],
    [['--set', 'global.a=1', '--set', 'sub.global.a.x=1']],
    [['--set', 'sub=7']],
    [['--set', 'sub=true']],
    [['--set', 'sub=x']],
    [['--set-json', 'sub=[1]']],
  ])('%j', (flags) => {
    expectSame(['rel', chart, ...flags], work);
  });
});

describe('toToml and fromJson/fromJsonArray edge cases', () => {
  it('encode arrays with nil elements and decode numbers beyond float64 like helm', () => {
    const lines = [
      'toToml (dict "a" (list 1 nil))',
      'toToml (dict "a" (list nil))',
      'toToml (dict "a" (list (dict "x" 1) nil))',
      'toToml (dict "a" (dict "b" nil "c" 1))',
      'toToml (dict "a" (list (list 1 nil)))',
      'toToml (dict "a" (list 1 "x" 2.5))',
      'fromJson "{\\"a\\": 1e400, \\"b\\": [1, -1e999], \\"c\\": 2}" | toJson',
      'fromJson "1e400" | toJson',
      'fromJsonArray "[1, 1e400, {\\"x\\": 1e309}]" | toJson',
      'fromJsonArray "1e400" | toJson',
      'fromJson "{\\"a\\": 1e-400}" | toJson',
      'toToml (dict "a" (dict "k" 1 "b" (dict "c" 2 "d" (dict "e" 3)) "z" (dict "y" 1)))',
      'toToml (dict "t" (list (dict "x" (dict "y" 1)) (dict "x" (dict "y" 2))))',
      'semver "1.2.3-rc.1+b5" | toJson',
      'dict "v" (semver "2.0.0") | toYaml',
      'int64 1e21',
      'int 1e300',
      'int64 -1e19',
    ];
    const data = lines.map((e, i) => `  k${i}: {{ ${e} | quote }}`).join('\n');
    const chart = writeChart('edge-funcs', {
      'Chart.yaml': chartYaml('edge'),
      'templates/cm.yaml': configMap('e', data),
    });
    const r = expectSame(['rel', chart], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('toml: cannot encode array with nil element');
    expect(r.stdout).toContain('json: cannot unmarshal number 1e400 into Go value of type float64');
    expect(r.stdout).toContain('-9223372036854775808');
  });

  it.each([
    'mustRegexMatch "[" "x"',
    'mustRegexFindAll "(" "x" -1',
    'regexFindAll "[" "x" -1',
    'regexReplaceAll "(" "x" "y"',
  ])('reports a bad regular expression like helm: %s', (expr) => {
    const chart = writeChart(`regex-${expr.split(' ')[0]}`, {
      'Chart.yaml': chartYaml('rx'),
      'templates/cm.yaml': configMap('r', `  v: {{ ${expr} | toJson | quote }}`),
    });
    expect(expectSame(['rel', chart], work).code).toBe(1);
  });
});

describe('the last fidelity classes of real charts', () => {
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

  it('renders templates with CRLF line endings like helm (kept in template text, normalised where YAML reads values)', () => {
    const chart = writeChart('crlf', {
      'Chart.yaml': crlf(`${chartYaml('crlf')}description: "two\n  lines"\n`),
      'values.yaml': crlf('lit: |\n  a\n  b\nfold: >\n  c\n  d\nplain: f\n  g\ndq: "h\n  i"\n'),
      'templates/_helpers.tpl': crlf(
        '{{/* labels\n   of the chart */}}\n{{- define "crlf.labels" -}}\napp: crlf\ntier: web\n{{- end }}\n',
      ),
      'templates/cm.yaml': crlf(
        [
          '# leading comment',
          '--- # first document',
          configMap(
            'one',
            '  cfg: |\n    {{- .Values.lit | nindent 4 }}\n  all: {{ toYaml .Values | quote }}\n  desc: {{ .Chart.Description | quote }}\n  raw: {{ `x\ny` | quote }}',
          ).trimEnd(),
          '  labels: |',
          '    {{- include "crlf.labels" . | nindent 4 }}',
          '---',
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: two\n  annotations:\n    "helm.sh/hook": pre-install\nstringData:\n  k: |-\n{{ .Values.fold | indent 4 }}',
        ].join('\n') + '\n',
      ),
    });
    const r = expectSame(['rel', chart], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: ConfigMap\r\n');
  });

  it('reads a multi-line double-quoted scalar in a sequence item whose continuation lines are indented less than the scalar', () => {
    const job = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: {{ .Release.Name }}-job',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          image: busybox',
      '          command:',
      '            - sh',
      '            - -c',
      '            - "curl -ik \\',
      '          -X POST http://example.com/api \\',
      "          -d '{}'\"",
      '            - "folded',
      '   across lines"',
      '      restartPolicy: Never',
    ].join('\n');
    const chart = writeChart('dq-continuation', { 'Chart.yaml': chartYaml('dq'), 'templates/job.yaml': `${job}\n` });
    const r = expectSame(['rel', chart], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('curl -ik');
  });

  it('reads a multi-line flow sequence whose continuation lines are indented less than its opening bracket', () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}-pod',
      '  annotations: { a: "1",',
      ' b: "2" }',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: busybox',
      '      command: [ "/bin/sh",',
      '    "-ce",',
      "  'echo [hello] # not a comment' ]",
      '      args: [',
      '[ nested, "x" ] ]',
    ].join('\n');
    const chart = writeChart('flow-continuation', {
      'Chart.yaml': chartYaml('flow'),
      'templates/pod.yaml': `${pod}\n`,
    });
    const r = expectSame(['rel', chart], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"-ce",');
  });

  it.each([
    ['an unclosed flow sequence', '  a: [ "x",\n "y"'],
    ['a quoted sequence item inside a mapping', '  - "a\n b"\n  c: 1'],
  ])("still rejects what libyaml rejects near such continuations, with helm's error: %s", (label, data) => {
    const chart = writeChart(`continuation-error-${label.replace(/\W+/g, '-')}`, {
      'Chart.yaml': chartYaml('bad'),
      'templates/cm.yaml': configMap('bad', data),
    });
    expect(expectSame(['rel', chart], work).code).toBe(1);
  });
});

describe('npx marina', () => {
  it('npm install links node_modules/.bin/marina, which npx runs directly', () => {
    const bin = join(root, 'node_modules/.bin/marina');
    const args = ['template', 'rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'];
    // PATH as npx sets it: the project's node_modules/.bin first (so `env node` finds Node 24).
    const r = spawnSync(bin, args, {
      cwd: conformance,
      env: { ...env, PATH: `${join(root, 'node_modules/.bin')}:${env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(helmTemplate(args.slice(1)).stdout);
  });
});
