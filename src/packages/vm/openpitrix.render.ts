/**
 * OpenPitrix mode: renders a VM package's `cluster.json.tmpl` the way OpenPitrix does
 * (pkg/devkit/opapp/cluster.go): `"{{` becomes `{{ getv ` and `}}"` becomes `}}`, `getv`
 * JSON-encodes strings (json.Marshal, HTML-escaped) and turns nil into `null`, and the template runs
 * under html/template, so every action's output is HTML-escaped in text context unless it is
 * trusted HTML (what getv returns for strings and nil).
 */
import { goFunc, indirect, jsonQuote, sprint, type GoValue } from '@marina/go-runtime';
import { Template, TemplateError } from '@marina/gotemplate';

/** html/template's `template.HTML`: content emitted without escaping. */
export class TrustedHTML {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** The cluster template could not be parsed or rendered. */
export class OpenPitrixTemplateError extends TemplateError {
  readonly code: 'OPENPITRIX_TEMPLATE_PARSE' | 'OPENPITRIX_TEMPLATE_RENDER';
  constructor(code: 'OPENPITRIX_TEMPLATE_PARSE' | 'OPENPITRIX_TEMPLATE_RENDER', message: string, cause?: unknown) {
    super(message, { cause });
    this.code = code;
    this.name = 'OpenPitrixTemplateError';
  }
}

const HTML_REPLACEMENTS: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  '&': '&amp;',
  "'": '&#39;',
  '+': '&#43;',
  '<': '&lt;',
  '>': '&gt;',
};

/** html/template's htmlEscaper for text context. */
export function htmlTextEscaper(v: GoValue): string {
  if (v === undefined || v === null) return '';
  if ((v as unknown) instanceof TrustedHTML) return (v as unknown as TrustedHTML).html;
  const plain = typeof v === 'string' ? v : sprint([indirect(v).value]);
  return plain.replace(/[\0"&'+<>]/g, (c) => HTML_REPLACEMENTS[c]);
}

/** OpenPitrix's getv: strings → JSON string, nil → null, everything else unchanged. */
function getv(input: GoValue): GoValue {
  if (typeof input === 'string') return new TrustedHTML(jsonQuote(input, true)) as unknown as GoValue;
  if (input === null || input === undefined) return new TrustedHTML('null') as unknown as GoValue;
  return input;
}

/** OpenPitrix's replaceTemplateExpression. */
export function rewriteClusterTemplate(text: string): string {
  return text.replace(/"\{\{/g, '{{ getv ').replace(/\}\}"/g, '}}');
}

/**
 * Renders an OpenPitrix `cluster.json.tmpl` with `values` (the decoded config JSON: objects,
 * arrays, numbers as float64). Returns the rendered JSON text; callers decode and validate it.
 */
export function renderOpenPitrixTemplate(text: string, values: GoValue): string {
  let t: Template;
  try {
    t = Template.create('render_cluster_config')
      .funcs({ getv: goFunc('func(interface {}) interface {}', getv) })
      .escapeActions(htmlTextEscaper)
      .parse(rewriteClusterTemplate(text));
  } catch (e) {
    throw new OpenPitrixTemplateError(
      'OPENPITRIX_TEMPLATE_PARSE',
      `failed to parse cluster.json.tmpl: ${(e as Error).message}`,
      e,
    );
  }
  try {
    return t.execute(values);
  } catch (e) {
    throw new OpenPitrixTemplateError(
      'OPENPITRIX_TEMPLATE_RENDER',
      `failed to render cluster.json: ${(e as Error).message}`,
      e,
    );
  }
}
