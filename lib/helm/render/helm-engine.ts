/**
 * Helm's template engine step (pkg/engine, Helm 3.17): every template of the chart tree is parsed
 * into one Go template set named "gotpl" (deepest paths first, so a parent's `define`s win), then
 * each non-partial template is executed with its chart's scoped values plus `.Template`, and
 * `<no value>` is removed from the output. Errors read like Helm's
 * (`parse error at (file:line): …`, `execution error at (file:line:col): …`).
 */
import { isPlainMap, mapSet, newGoMap, type GoMapObject, type GoValue } from '@marina/go-runtime';
import { parseWithCache, Template, TemplateExecError, TemplateParseError } from '@marina/gotemplate';
import { chartFullPath, isRoot, type Chart, type ChartFile } from '../chart/chart.types';
import { table } from '../values/values-table';
import { bindTemplateFuncs, helmBaseFuncMap, WARN_RE, type EngineOptions } from './helm-funcs';
import { ChartObject, filesObject } from './template-objects';
import { valuesObject } from './values-object';

/** Engine options plus where parsed template sets are cached on disk. */
export interface TemplateEngineOptions extends EngineOptions {
  /**
   * Directory of the on-disk parse cache (templates/parse-cache): a set parsed once is reused by
   * later processes. Absent: parsed sets are only cached in memory, per loaded chart.
   */
  readonly parseCacheDir?: string;
}

/** A template to render: its text, the values it sees, and its chart's templates path. */
export interface Renderable {
  readonly tpl: string;
  readonly vals: GoMapObject;
  readonly basePath: string;
}

/** A template failed to parse or execute; `message` is Helm's. */
export class RenderError extends Error {
  readonly code: 'TEMPLATE_PARSE' | 'TEMPLATE_EXEC';
  override readonly name = 'RenderError';
  constructor(code: 'TEMPLATE_PARSE' | 'TEMPLATE_EXEC', message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Renders all templates of a processed chart tree; keys are full template paths. Parsed template
 * sets are cached per loaded chart (keyed by its template list), so repeated renders of the same
 * chart only execute; each render works on its own clone of the set.
 */
export function renderTemplates(chart: Chart, top: GoMapObject, opts: TemplateEngineOptions = {}): Map<string, string> {
  const tpls = new Map<string, Renderable>();
  collectTemplates(chart, tpls, top);
  return renderWith(tpls, opts, chart.templates);
}

/** All templates of a chart tree with their scoped values (Helm's `allTemplates`). */
export function allTemplates(chart: Chart, top: GoMapObject): Map<string, Renderable> {
  const tpls = new Map<string, Renderable>();
  collectTemplates(chart, tpls, top);
  return tpls;
}

function collectTemplates(c: Chart, out: Map<string, Renderable>, vals: GoMapObject): GoMapObject {
  const subcharts = newGoMap();
  const next = newGoMap();
  mapSet(next, 'Chart', new ChartObject(c.metadata, isRoot(c)));
  mapSet(next, 'Files', filesObject(c.files));
  mapSet(next, 'Release', vals.Release);
  mapSet(next, 'Capabilities', vals.Capabilities);
  // The root chart sees the coalesced values, a subchart its own table of them (or an empty map);
  // a map is a chartutil.Values, as in Helm.
  const own = isRoot(c) ? vals.Values : (table(vals, `Values.${c.metadata.name}`) ?? newGoMap());
  mapSet(next, 'Values', isPlainMap(own) ? valuesObject(own) : own);
  mapSet(next, 'Subcharts', subcharts);
  for (const child of c.dependencies) mapSet(subcharts, child.metadata.name, collectTemplates(child, out, next));
  const parentId = chartFullPath(c);
  const library = c.metadata.type.toLowerCase() === 'library';
  for (const t of c.templates) {
    if (library && !baseName(t.name).startsWith('_')) continue;
    out.set(`${parentId}/${t.name}`, { tpl: templateText(t), vals: next, basePath: `${parentId}/templates` });
  }
  return next;
}

/**
 * Template texts by chart file. A loaded chart is immutable (render copies share its ChartFile
 * objects, see cloneChartForRender), so each file's bytes are decoded once, not on every render.
 */
const texts = new WeakMap<ChartFile, string>();

function templateText(f: ChartFile): string {
  let text = texts.get(f);
  if (text === undefined) {
    text = f.data.toString('utf8');
    texts.set(f, text);
  }
  return text;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Helm's `sortTemplates`: more path segments first; equal depth in reverse byte order. */
export function sortTemplates(names: Iterable<string>): string[] {
  const depth = new Map<string, number>();
  for (const s of names) {
    let d = 0;
    for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) d++;
    depth.set(s, d);
  }
  return [...depth.keys()].sort((a, b) => {
    const da = depth.get(a) as number;
    const db = depth.get(b) as number;
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** Helm's `Engine.render`: parses all templates into one set and executes the non-partials. */
export function renderRenderables(
  tpls: ReadonlyMap<string, Renderable>,
  opts: TemplateEngineOptions = {},
): Map<string, string> {
  return renderWith(tpls, opts, null);
}

/** Parsed template sets by loaded chart (template list identity) and by template paths + mode. */
const parsedSets = new WeakMap<object, Map<string, Template>>();

function parsedSet(
  tpls: ReadonlyMap<string, Renderable>,
  keys: readonly string[],
  strict: boolean,
  cacheKey: object | null,
  parseCacheDir: string | undefined,
): Template {
  const signature = `${strict ? 'strict' : 'zero'}\n${keys.join('\n')}`;
  const cached = cacheKey ? parsedSets.get(cacheKey)?.get(signature) : undefined;
  if (cached) return cached.clone();
  const master = Template.create('gotpl')
    .option(strict ? 'missingkey=error' : 'missingkey=zero')
    .funcs(helmBaseFuncMap());
  if (parseCacheDir !== undefined) {
    const files = keys.map((name) => ({ name, text: (tpls.get(name) as Renderable).tpl }));
    parseWithCache(master, files, parseCacheDir, cleanupParseError);
  } else {
    for (const filename of keys) {
      try {
        master.new(filename).parse((tpls.get(filename) as Renderable).tpl);
      } catch (err) {
        throw cleanupParseError(filename, err);
      }
    }
  }
  if (cacheKey) {
    const byChart = parsedSets.get(cacheKey) ?? new Map<string, Template>();
    if (byChart.size > 16) byChart.clear();
    byChart.set(signature, master);
    parsedSets.set(cacheKey, byChart);
  }
  return master.clone();
}

function renderWith(
  tpls: ReadonlyMap<string, Renderable>,
  opts: TemplateEngineOptions,
  cacheKey: object | null,
): Map<string, string> {
  const keys = sortTemplates(tpls.keys());
  const t = parsedSet(tpls, keys, opts.strict === true, cacheKey, opts.parseCacheDir);
  bindTemplateFuncs(t, new Map(), opts);
  const rendered = new Map<string, string>();
  for (const filename of keys) {
    if (baseName(filename).startsWith('_')) continue;
    const r = tpls.get(filename) as Renderable;
    // Helm's .Template is a chartutil.Values too.
    const tmplInfo = valuesObject(newGoMap());
    mapSet(tmplInfo, 'Name', filename);
    mapSet(tmplInfo, 'BasePath', r.basePath);
    mapSet(r.vals, 'Template', tmplInfo);
    let out: string;
    try {
      out = t.executeTemplate(filename, r.vals as GoValue);
    } catch (err) {
      throw cleanupExecError(filename, err);
    }
    rendered.set(filename, out.replaceAll('<no value>', ''));
  }
  return rendered;
}

function cleanupParseError(filename: string, err: unknown): Error {
  if (!(err instanceof Error)) return new RenderError('TEMPLATE_PARSE', `parse error in (${filename}): ${String(err)}`);
  const tokens = err.message.split(': ');
  if (tokens.length === 1) return new RenderError('TEMPLATE_PARSE', `parse error in (${filename}): ${err.message}`);
  return new RenderError('TEMPLATE_PARSE', `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

function cleanupExecError(filename: string, err: unknown): Error {
  if (!(err instanceof TemplateExecError)) {
    if (err instanceof TemplateParseError || !(err instanceof Error))
      return new RenderError('TEMPLATE_EXEC', String((err as Error)?.message ?? err));
    return new RenderError('TEMPLATE_EXEC', err.message);
  }
  const msg = err.message;
  const first = msg.indexOf(': ');
  const second = first < 0 ? -1 : msg.indexOf(': ', first + 2);
  if (first < 0 || second < 0) return new RenderError('TEMPLATE_EXEC', `execution error in (${filename}): ${msg}`);
  const location = msg.slice(first + 2, second);
  const m = WARN_RE.exec(msg.slice(second + 2));
  if (m) return new RenderError('TEMPLATE_EXEC', `execution error at (${location}): ${m[1]}`);
  return new RenderError('TEMPLATE_EXEC', msg);
}
