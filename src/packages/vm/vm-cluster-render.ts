import { PackageError } from '../package-error';
import type { ConfigValues } from './vm-types';

/** Which dialect a cluster template is written in, from its file name. */
export type ClusterTemplateDialect = 'go-template' | 'mustache';

/**
 * Renders a cluster template with config values and returns JSON text. For `go-template`
 * this must follow OpenPitrix: `"{{` becomes `{{ getv ` and `}}"` becomes `}}` so quoted
 * placeholders come out JSON-typed (strings quoted, numbers raw, nil → null), executed with
 * html/template semantics. Implementations throw PackageError RENDER_FAILED on failure.
 */
export type ClusterTemplateRenderer = (source: string, values: ConfigValues, dialect: ClusterTemplateDialect) => string;

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/gs;
const FIELD_PATH = /^\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$|^\.$/;
const MUSTACHE_PATH = /^[A-Za-z_][\w.-]*$/;

/**
 * Built-in renderer for AppCenter `.mustache` templates (and a dependency-free fallback for
 * `.tmpl`; the production default for `.tmpl` is the template engine, see
 * vm-template.renderer.ts). It covers the placeholder subset every known package uses: field paths only (`{{.cluster.name}}`, `"{{.env.x}}"`, `{{cluster.name}}`).
 * Any other action (pipelines, if/range, functions) is refused with RENDER_FAILED so that a
 * package needing the full Go template engine is never rendered wrongly.
 */
export const placeholderRenderer: ClusterTemplateRenderer = (source, values, dialect) =>
  dialect === 'mustache' ? renderMustache(source, values) : renderGoPlaceholders(source, values);

function renderGoPlaceholders(source: string, values: ConfigValues): string {
  // OpenPitrix's rewrite: a quoted placeholder becomes `{{ getv … }}` without the quotes.
  const rewritten = source.replace(/"\{\{/g, '{{ getv ').replace(/\}\}"/g, '}}');
  return rewritten.replace(ACTION, (_whole, inner: string) => {
    const getv = inner.startsWith('getv ');
    const expr = getv ? inner.slice(5).trim() : inner;
    if (!FIELD_PATH.test(expr)) {
      throw new PackageError(
        'RENDER_FAILED',
        '',
        `action {{${inner}}} needs the Go template engine (only field paths are built in)`,
      );
    }
    const value = lookup(values, expr === '.' ? [] : expr.slice(1).split('.'));
    return getv ? jsonTyped(value) : htmlText(value);
  });
}

function renderMustache(source: string, values: ConfigValues): string {
  return source.replace(ACTION, (_whole, inner: string) => {
    if (!MUSTACHE_PATH.test(inner))
      throw new PackageError('RENDER_FAILED', '', `unsupported mustache tag {{${inner}}}`);
    return jsonTyped(lookup(values, inner.split('.')));
  });
}

/**
 * Looks a dotted path up in nested values. AppCenter keys may themselves contain dots
 * (`env.s3.url.used`), so at each level the longest matching key wins.
 */
function lookup(values: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return values;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return undefined;
  const obj = values as Record<string, unknown>;
  for (let n = parts.length; n >= 1; n--) {
    const key = parts.slice(0, n).join('.');
    if (Object.prototype.hasOwnProperty.call(obj, key)) return lookup(obj[key], parts.slice(n));
  }
  return undefined;
}

/** OpenPitrix's getv: strings JSON-quoted, nil → null, numbers and booleans printed as Go does. */
function jsonTyped(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Unquoted output: html/template escapes text; a missing value prints nothing. */
function htmlText(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] ?? c);
}
