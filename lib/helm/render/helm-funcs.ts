/**
 * Helm's template functions on top of Sprig (pkg/engine/funcs.go and engine.go, Helm 3.17):
 * YAML/JSON/TOML conversion that swallows errors like Helm does, `required`/`fail` with Helm's
 * error markers, `lookup` (empty unless a live lookup is supplied), `getHostByName` disabled, and
 * `include`/`tpl` bound to a template set (see {@link bindTemplateFuncs}).
 */
import {
  contextFunc,
  goFunc,
  isPlainMap,
  JsonMarshalError,
  JsonOverflowError,
  mapSet,
  marshalJSON,
  newGoMap,
  unmarshalJSON,
  type GoMapObject,
  type GoValue,
} from '@marina/go-runtime';
import { sprigFuncMap, Template, type ExecContext, type FuncMap } from '@marina/gotemplate';
import { marshalYaml, unmarshalYaml } from '../yaml/sigs-yaml';
import { marshalYamlPretty } from '../yaml/yaml-pretty';
import { tomlDecode, tomlEncode } from './toml';
import { memoYaml } from './yaml-memo';

const WARN_START = 'HELM_ERR_START';
const WARN_END = 'HELM_ERR_END';
const RECURSION_MAX = 1000;

/** Wraps a message so the render layer can report it as `execution error at (…): message`. */
export function warnWrap(msg: string): string {
  return WARN_START + msg + WARN_END;
}

/** Extracts a {@link warnWrap}ped message. */
export const WARN_RE = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

/** Helm's `toYamlPretty`; "" on error. */
function toYamlPretty(v: GoValue): string {
  try {
    return marshalYamlPretty(v);
  } catch (err) {
    if (isMarshalError(err)) return '';
    throw err;
  }
}

/** Helm's `toYaml`: sigs.k8s.io/yaml Marshal without the final newline; "" on error. */
export function helmToYaml(v: GoValue): string {
  try {
    return memoYaml(v, toYamlText);
  } catch (err) {
    if (isMarshalError(err)) return '';
    throw err;
  }
}

function toYamlText(v: GoValue): string {
  return marshalYaml(v).replace(/\n$/, '');
}

function isMarshalError(err: unknown): boolean {
  return err instanceof JsonMarshalError;
}

function fromYaml(s: string): GoMapObject {
  try {
    const v = unmarshalYaml(s);
    if (v === null) return newGoMap();
    if (isPlainMap(v)) return v;
    return errorMap(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`,
    );
  } catch (err) {
    return errorMap((err as Error).message);
  }
}

function fromYamlArray(s: string): GoValue[] {
  try {
    const v = unmarshalYaml(s);
    if (v === null) return [];
    if (Array.isArray(v)) return v;
    return [
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`,
    ];
  } catch (err) {
    return [(err as Error).message];
  }
}

function jsonKind(v: GoValue): string {
  if (Array.isArray(v)) return 'array';
  if (isPlainMap(v)) return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function errorMap(message: string): GoMapObject {
  const m = newGoMap();
  mapSet(m, 'Error', message);
  return m;
}

function toJson(v: GoValue): string {
  try {
    return marshalJSON(v);
  } catch (err) {
    if (isMarshalError(err)) return '';
    throw err;
  }
}

function fromJson(s: string): GoMapObject {
  try {
    const v = unmarshalJSON(s);
    if (v === null) return newGoMap();
    if (isPlainMap(v)) return v;
    return errorMap(`json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`);
  } catch (err) {
    if (err instanceof JsonOverflowError) {
      // Go keeps what it decoded (nil for each number too large) next to the first error; a number
      // too large at the top level is a number where a map was wanted.
      if (!isPlainMap(err.partial))
        return errorMap('json: cannot unmarshal number into Go value of type map[string]interface {}');
      mapSet(err.partial, 'Error', err.message);
      return err.partial;
    }
    return errorMap((err as Error).message);
  }
}

function fromJsonArray(s: string): GoValue[] {
  try {
    const v = unmarshalJSON(s);
    if (v === null) return [];
    if (Array.isArray(v)) return v;
    return [`json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`];
  } catch (err) {
    if (err instanceof JsonOverflowError && !Array.isArray(err.partial))
      return ['json: cannot unmarshal number into Go value of type []interface {}'];
    return [(err as Error).message];
  }
}

function required(warn: string, val: GoValue): GoValue {
  if (val === null || val === undefined || val === '') throw new Error(warnWrap(warn));
  return val;
}

function fail(msg: string): string {
  throw new Error(warnWrap(msg));
}

/** A live `lookup` implementation (kubectl-like get); must return `{}` when nothing is found. */
export type LookupFn = (apiVersion: string, kind: string, namespace: string, name: string) => GoMapObject;

/** Helm `Engine` settings. */
export interface EngineOptions {
  /** Missing keys are errors (`missingkey=error`). */
  readonly strict?: boolean;
  /** Lint mode: `required` and `fail` do not fail, `lookup` stays empty. */
  readonly lintMode?: boolean;
  /** Live `lookup`. */
  readonly lookup?: LookupFn;
}

let baseFuncs: FuncMap | undefined;

/** Sprig minus env/expandenv plus Helm's static functions (cached; treat as read-only). */
export function helmBaseFuncMap(): FuncMap {
  if (baseFuncs) return baseFuncs;
  const f: FuncMap = { ...sprigFuncMap() };
  delete f.env;
  delete f.expandenv;
  Object.assign(f, {
    toToml: goFunc('func(interface {}) string', tomlEncode),
    fromToml: goFunc('func(string) map[string]interface {}', tomlDecode),
    toYaml: goFunc('func(interface {}) string', helmToYaml),
    toYamlPretty: goFunc('func(interface {}) string', toYamlPretty),
    fromYaml: goFunc('func(string) map[string]interface {}', fromYaml),
    fromYamlArray: goFunc('func(string) []interface {}', fromYamlArray),
    toJson: goFunc('func(interface {}) string', toJson),
    fromJson: goFunc('func(string) map[string]interface {}', fromJson),
    fromJsonArray: goFunc('func(string) []interface {}', fromJsonArray),
    required: goFunc('func(string, interface {}) (interface {}, error)', required),
    fail: goFunc('func(string) (string, error)', fail),
    getHostByName: goFunc('func(string) string', () => ''),
    lookup: goFunc('func(string, string, string, string) (map[string]interface {}, error)', () => newGoMap()),
    include: contextFunc(include, 'func(string, interface {}) (string, error)'),
    tpl: contextFunc(tpl, 'func(string, interface {}) (string, error)'),
  });
  baseFuncs = f;
  return f;
}

/** What `include` and `tpl` need from the render that owns a template set. */
interface RenderState {
  /** The set's root template (Helm's `t`): `tpl` clones it and parses under its name. */
  readonly root: Template;
  /** Nesting count per included name, shared by the render's `tpl` clones. */
  readonly included: Map<string, number>;
  readonly opts: EngineOptions;
}

/** Render state by template set ({@link Template.setId}). */
const renderStates = new WeakMap<object, RenderState>();

function stateOf(ctx: ExecContext): RenderState {
  const set = ctx.template.setId;
  let st = renderStates.get(set);
  if (!st) {
    st = { root: ctx.template, included: new Map(), opts: {} };
    renderStates.set(set, st);
  }
  return st;
}

/** Helm's includeFun: executes a named template of the set (at most 1000 nested uses of one name). */
function include(ctx: ExecContext, name: string, data: GoValue): string {
  const { root, included } = stateOf(ctx);
  const n = included.get(name) ?? 0;
  if (n > RECURSION_MAX)
    throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
  included.set(name, n + 1);
  try {
    return root.executeTemplate(name, data);
  } finally {
    included.set(name, (included.get(name) ?? 1) - 1);
  }
}

/** Helm's tplFun: clones the set, parses `text` under the root's name and executes it, removing `<no value>`. */
function tpl(ctx: ExecContext, text: string, vals: GoValue): string {
  const { root, included, opts } = stateOf(ctx);
  const clone = root.clone();
  clone.option(opts.strict ? 'missingkey=error' : 'missingkey=zero');
  // The clone shares the set's functions (lint-mode/lookup ones included): only its state is new.
  renderStates.set(clone.setId, { root: clone, included, opts });
  let parsed: Template;
  try {
    parsed = clone.new(root.name).parse(text);
  } catch (err) {
    throw new Error(`cannot parse template ${goQuote(text)}: ${(err as Error).message}`);
  }
  try {
    return parsed.execute(vals).replaceAll('<no value>', '');
  } catch (err) {
    throw new Error(`error during tpl function execution for ${goQuote(text)}: ${(err as Error).message}`);
  }
}

/**
 * Binds `include` and `tpl` to the set of `t` (Helm's includeFun/tplFun closed over `t`). Both are
 * registered once in {@link helmBaseFuncMap} as context functions that find this state through the
 * executing template's set, so the set's function map stays the same across renders (the
 * executor's per-node function caches stay valid); only a live `lookup` or lint mode add functions.
 */
export function bindTemplateFuncs(t: Template, included: Map<string, number>, opts: EngineOptions = {}): void {
  renderStates.set(t.setId, { root: t, included, opts });
  const funcs: FuncMap = {};
  if (opts.lookup && !opts.lintMode)
    funcs.lookup = goFunc('func(string, string, string, string) (map[string]interface {}, error)', opts.lookup);
  if (opts.lintMode) {
    funcs.required = goFunc('func(string, interface {}) (interface {}, error)', (warn: string, val: GoValue) =>
      val === null || val === undefined || val === '' ? '' : val,
    );
    funcs.fail = goFunc('func(string) (string, error)', () => '');
  }
  if (Object.keys(funcs).length > 0) t.funcs(funcs);
}

/** Go's %q for the messages above. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\x${h.slice(2)}`);
}
