/**
 * Command-line parsing for `marina template`, following `helm template`'s flags and spf13/pflag
 * conventions: `--flag value`, `--flag=value`, `-f value`, `-fvalue`, booleans without values,
 * comma-split slice flags (`-f`, `--api-versions`), repeatable array flags (`--set`, `--show-only`),
 * positional arguments anywhere, `--` ending flags. Errors carry pflag's wording.
 */

/** Parsed `helm template` options. */
export interface TemplateFlags {
  readonly positional: string[];
  readonly valueFiles: string[];
  readonly values: string[];
  readonly stringValues: string[];
  readonly jsonValues: string[];
  readonly fileValues: string[];
  readonly literalValues: string[];
  readonly showOnly: string[];
  readonly apiVersions: string[];
  namespace: string;
  kubeVersion: string;
  nameTemplate: string;
  includeCrds: boolean;
  skipCrds: boolean;
  skipTests: boolean;
  debug: boolean;
  isUpgrade: boolean;
  noHooks: boolean;
  generateName: boolean;
  skipSchemaValidation: boolean;
  validate: boolean;
  help: boolean;
}

/** A command line helm would reject; `message` is pflag's/helm's text. */
export class FlagError extends Error {
  readonly code = 'INVALID_FLAGS';
  override readonly name = 'FlagError';
}

type Kind = 'string' | 'bool' | 'array' | 'slice' | 'ignored-string' | 'ignored-bool';

interface FlagDef {
  readonly kind: Kind;
  readonly field?: keyof TemplateFlags;
}

const DEFS: Record<string, FlagDef> = {
  values: { kind: 'slice', field: 'valueFiles' },
  set: { kind: 'array', field: 'values' },
  'set-string': { kind: 'array', field: 'stringValues' },
  'set-json': { kind: 'array', field: 'jsonValues' },
  'set-file': { kind: 'array', field: 'fileValues' },
  'set-literal': { kind: 'array', field: 'literalValues' },
  'show-only': { kind: 'array', field: 'showOnly' },
  'api-versions': { kind: 'slice', field: 'apiVersions' },
  namespace: { kind: 'string', field: 'namespace' },
  'kube-version': { kind: 'string', field: 'kubeVersion' },
  'name-template': { kind: 'string', field: 'nameTemplate' },
  'include-crds': { kind: 'bool', field: 'includeCrds' },
  'skip-crds': { kind: 'bool', field: 'skipCrds' },
  'skip-tests': { kind: 'bool', field: 'skipTests' },
  debug: { kind: 'bool', field: 'debug' },
  'is-upgrade': { kind: 'bool', field: 'isUpgrade' },
  'no-hooks': { kind: 'bool', field: 'noHooks' },
  'generate-name': { kind: 'bool', field: 'generateName' },
  'skip-schema-validation': { kind: 'bool', field: 'skipSchemaValidation' },
  validate: { kind: 'bool', field: 'validate' },
  help: { kind: 'bool', field: 'help' },
  // accepted for compatibility; they do not change a client-side render
  'create-namespace': { kind: 'ignored-bool' },
  atomic: { kind: 'ignored-bool' },
  wait: { kind: 'ignored-bool' },
  'wait-for-jobs': { kind: 'ignored-bool' },
  devel: { kind: 'ignored-bool' },
  'disable-openapi-validation': { kind: 'ignored-bool' },
  'release-name': { kind: 'ignored-bool' },
  'enable-dns': { kind: 'ignored-bool' },
  'render-subchart-notes': { kind: 'ignored-bool' },
  'hide-notes': { kind: 'ignored-bool' },
  'skip-refresh': { kind: 'ignored-bool' },
  verify: { kind: 'ignored-bool' },
  timeout: { kind: 'ignored-string' },
  description: { kind: 'ignored-string' },
  'post-renderer-args': { kind: 'ignored-string' },
  'kube-context': { kind: 'ignored-string' },
  kubeconfig: { kind: 'ignored-string' },
  labels: { kind: 'ignored-string' },
};

const SHORT: Record<string, string> = {
  f: 'values',
  n: 'namespace',
  s: 'show-only',
  a: 'api-versions',
  g: 'generate-name',
  h: 'help',
};

function emptyFlags(): TemplateFlags {
  return {
    positional: [],
    valueFiles: [],
    values: [],
    stringValues: [],
    jsonValues: [],
    fileValues: [],
    literalValues: [],
    showOnly: [],
    apiVersions: [],
    namespace: 'default',
    kubeVersion: '',
    nameTemplate: '',
    includeCrds: false,
    skipCrds: false,
    skipTests: false,
    debug: false,
    isUpgrade: false,
    noHooks: false,
    generateName: false,
    skipSchemaValidation: false,
    validate: false,
    help: false,
  };
}

/** Parses argv (without the command name). Throws {@link FlagError}. */
export function parseTemplateFlags(argv: readonly string[]): TemplateFlags {
  const f = emptyFlags();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      f.positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) i = longFlag(f, argv, i);
    else if (arg.startsWith('-') && arg.length > 1) i = shortFlags(f, argv, i);
    else f.positional.push(arg);
  }
  return f;
}

function longFlag(f: TemplateFlags, argv: readonly string[], i: number): number {
  const body = argv[i].slice(2);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const def = DEFS[name];
  if (!def) throw new FlagError(`unknown flag: --${name}`);
  if (eq >= 0) {
    apply(f, def, name, body.slice(eq + 1));
    return i;
  }
  if (def.kind === 'bool' || def.kind === 'ignored-bool') {
    apply(f, def, name, 'true');
    return i;
  }
  if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
  apply(f, def, name, argv[i + 1]);
  return i + 1;
}

function shortFlags(f: TemplateFlags, argv: readonly string[], i: number): number {
  const chars = argv[i].slice(1);
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k];
    const name = SHORT[c];
    if (!name) throw new FlagError(`unknown shorthand flag: '${c}' in -${chars}`);
    const def = DEFS[name];
    const isBool = def.kind === 'bool' || def.kind === 'ignored-bool';
    if (chars[k + 1] === '=') {
      apply(f, def, name, chars.slice(k + 2));
      return i;
    }
    if (isBool) {
      apply(f, def, name, 'true');
      continue;
    }
    if (k + 1 < chars.length) {
      apply(f, def, name, chars.slice(k + 1));
      return i;
    }
    if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in -${chars}`);
    apply(f, def, name, argv[i + 1]);
    return i + 1;
  }
  return i;
}

function apply(f: TemplateFlags, def: FlagDef, name: string, value: string): void {
  const rec = f as unknown as Record<string, unknown>;
  switch (def.kind) {
    case 'string':
      rec[def.field as string] = value;
      return;
    case 'bool':
      rec[def.field as string] = parseBool(name, value);
      return;
    case 'array':
      (rec[def.field as string] as string[]).push(value);
      return;
    case 'slice':
      if (value !== '') (rec[def.field as string] as string[]).push(...value.split(','));
      return;
    case 'ignored-bool':
      parseBool(name, value);
      return;
    case 'ignored-string':
      return;
  }
}

function parseBool(name: string, value: string): boolean {
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  throw new FlagError(
    `invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
  );
}
