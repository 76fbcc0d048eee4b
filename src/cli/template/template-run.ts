/**
 * `helm template` behaviour (cmd/helm/template.go + install.go, Helm 3.17.3, client-only):
 * argument checks, release name, chart location, values, render, hooks appended after the
 * manifests, `--show-only` filtering, and Helm's error texts and `--debug` partial output.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { sprigFuncMap, Template } from '@marina/gotemplate';
import {
  ChartRenderError,
  goPathMatch,
  goTrimSpace,
  loadChart,
  mergeUserValues,
  parseKubeVersion,
  renderChart,
  splitManifests,
} from '@marina/helm';
import { parseTemplateFlags, type TemplateFlags } from './template-flags';

/** Where the command writes. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE_LINE = 'helm template [NAME] [CHART] [flags]';
const RELEASE_NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A failure with the text helm prints after "Error: ". */
class CommandError extends Error {}

/** How the command runs (not flags: settings of the host). */
export interface TemplateRunOptions {
  /** On-disk parse cache directory (see RenderOptions.parseCacheDir); absent: none. */
  readonly parseCacheDir?: string;
}

/** Runs `template` with argv; returns the exit code. */
export function runTemplate(argv: readonly string[], io: CommandIO, options: TemplateRunOptions = {}): number {
  try {
    const out = templateOutput(argv, io, options);
    io.stdout(out);
    return 0;
  } catch (err) {
    if (err instanceof CommandError || isExpected(err)) {
      io.stderr(`Error: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}

function isExpected(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string';
}

function templateOutput(argv: readonly string[], io: CommandIO, options: TemplateRunOptions): string {
  const flags = parseTemplateFlags(argv);
  if (flags.help) return `Usage:\n  ${USAGE_LINE}\n`;
  if (flags.positional.length < 1)
    throw new CommandError(`"helm template" requires at least 1 argument\n\nUsage:  ${USAGE_LINE}`);
  if (flags.validate)
    throw new CommandError(
      'Kubernetes cluster unreachable: --validate needs a cluster, which marina template does not contact',
    );
  let kubeVersion: string | undefined;
  if (flags.kubeVersion !== '') {
    try {
      kubeVersion = parseKubeVersion(flags.kubeVersion).Version;
    } catch (err) {
      throw new CommandError(`invalid kube version '${flags.kubeVersion}': ${(err as Error).message}`);
    }
  }
  const [name, chartPath] = nameAndChart(flags);
  locateChart(chartPath);
  const values = mergeUserValues(flags);
  const chart = loadChart(resolve(chartPath));
  if (chart.metadata.deprecated) io.stderr('WARNING: This chart is deprecated\n');
  validateReleaseName(name);
  try {
    const r = renderChart(chart, {
      releaseName: name,
      namespace: flags.namespace,
      values,
      kubeVersion,
      apiVersions: flags.apiVersions,
      isUpgrade: flags.isUpgrade,
      includeCrds: flags.includeCrds && !flags.skipCrds,
      skipSchemaValidation: flags.skipSchemaValidation,
      warn: (m) => io.stderr(`${logPrefix(m)}${m}\n`),
      parseCacheDir: options.parseCacheDir,
    });
    let manifests = goTrimSpace(r.manifestText) + '\n';
    if (!flags.noHooks) {
      for (const h of r.hooks) {
        if (flags.skipTests && h.events.includes('test')) continue;
        manifests += `---\n# Source: ${h.path}\n${h.manifest}\n`;
      }
    }
    return flags.showOnly.length > 0 ? showOnly(manifests, flags.showOnly) : manifests;
  } catch (err) {
    if (!(err instanceof ChartRenderError)) throw err;
    if (!err.afterRelease) throw new CommandError(err.message);
    if (!flags.debug) throw new CommandError(`${err.message}\n\nUse --debug flag to render out invalid YAML`);
    if (err.partialManifest !== undefined) io.stdout(goTrimSpace(err.partialManifest) + '\n');
    throw new CommandError(err.message);
  }
}

/** The coalesce.go line of each coalescing warning helm 3.17.3 logs (each measured with the binary). */
const COALESCE_LINES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^warning: skipping globals because destination /, 138],
  [/^warning: skipping globals because source /, 145],
  [/^Conflict: cannot merge map onto non-map /, 161],
  [/^key .* is table\. Skipping$/, 175],
  [/^warning: skipped value for /, 237],
  [/^warning: cannot overwrite table with non table /, 298],
  [/^warning: destination for /, 301],
];

/** helm logs coalescing warnings with Go's `log.Lshortfile` prefix (`coalesce.go:NNN: `). */
function logPrefix(message: string): string {
  const line = COALESCE_LINES.find(([re]) => re.test(message))?.[1];
  return line === undefined ? '' : `coalesce.go:${line}: `;
}

function nameAndChart(f: TemplateFlags): [string, string] {
  const args = f.positional;
  if (args.length > 2)
    throw new CommandError(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  if (args.length === 2) {
    if (f.generateName) throw new CommandError('cannot set --generate-name and also specify a name');
    if (f.nameTemplate !== '') throw new CommandError('cannot set --name-template and also specify a name');
    return [args[0], args[1]];
  }
  if (f.nameTemplate !== '') return [renderNameTemplate(f.nameTemplate), args[0]];
  if (f.generateName) return [`chart-${Math.floor(Date.now() / 1000)}`, args[0]];
  return ['release-name', args[0]];
}

function renderNameTemplate(text: string): string {
  try {
    return Template.create('name-template').funcs(sprigFuncMap()).parse(text).execute(null);
  } catch (err) {
    throw new CommandError((err as Error).message);
  }
}

function locateChart(name: string): void {
  if (existsSync(name)) return;
  if (isAbsolute(name) || name.startsWith('.')) throw new CommandError(`path "${name}" not found`);
  if (name.includes('/')) throw new CommandError(`repo ${name.split('/')[0]} not found`);
  throw new CommandError(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
}

function validateReleaseName(name: string): void {
  if (name === '' || name.length > 53 || !RELEASE_NAME_RE.test(name)) {
    throw new CommandError(
      `release name "${name}": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
    );
  }
}

/** `--show-only`: keep documents whose `# Source:` path (without the chart name) matches a pattern. */
function showOnly(manifests: string, patterns: readonly string[]): string {
  const docs = splitManifests(manifests);
  const picked: string[] = [];
  for (const raw of patterns) {
    const f = raw;
    let missing = true;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m) continue;
      if (!safeMatch(f, m[1])) continue;
      picked.push(doc);
      missing = false;
    }
    if (missing) throw new CommandError(`could not find template ${f} in chart`);
  }
  return picked.map((d) => `---\n${d}\n`).join('');
}

function safeMatch(pattern: string, path: string): boolean {
  try {
    return goPathMatch(pattern, path);
  } catch (err) {
    if ((err as { code?: string }).code === 'BAD_PATTERN') return false;
    throw err;
  }
}
