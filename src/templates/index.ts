/**
 * Marina's Go text/template engine with Sprig v3.3.0.
 *
 * Typical use (Helm-style):
 * ```ts
 * const t = Template.create('chart').funcs(sprigFuncMap()).option('missingkey=zero');
 * t.new('templates/_helpers.tpl').parse(helpers);
 * t.new('templates/deployment.yaml').parse(text);
 * const out = t.executeTemplate('templates/deployment.yaml', values);
 * ```
 * Values follow the model documented in `values.ts` (int → bigint, float64 → number,
 * nil → null, missing → undefined, map[string]interface{} → plain object).
 */
export { Template, type FuncMap, type ExecContext, type TemplateParseOptions, type ParseSettings } from './template';
export { parseWithCache, type ParseInput } from './parse-cache/cached-parse';
export {
  TemplateError, TemplateParseError, TemplateExecError, TemplateFuncError, TemplateNotFoundError, GoFuncError,
} from './errors';
export * from './values';
export {
  parseGoType, typeNameOf, typeOfValue, typeString, registerStruct, type GoType, type GoSignature,
} from './go-types';
export { sprint, sprintf, sprintln, formatValue } from './go-fmt.format';
export { formatFloat } from './go-float.format';
export { isTrue, kindOf, sortedMapEntries } from './go-reflect';
export { formatGoTime, parseGoTime, loadLocation, UTC } from './go-time.format';
export { htmlEscape, jsEscape, queryEscape } from './builtin.funcs';
export { sprigFuncMap } from './sprig';
export type { MissingKey } from './template.executor';
export { renderOpenPitrixTemplate, rewriteClusterTemplate, htmlTextEscaper, OpenPitrixTemplateError, TrustedHTML } from './openpitrix.render';
export { marshalJSON, unmarshalJSON, jsonQuote, JsonMarshalError, JsonSyntaxError } from './go-json';
export { formatDuration } from './go-time.format';
