/**
 * @marina/gotemplate — Go's text/template (lexer, parser, executor, an on-disk parse cache) and
 * Sprig v3.3.0, over go-runtime's value model. See README.md.
 *
 * ```ts
 * const t = Template.create('chart').funcs(sprigFuncMap()).option('missingkey=zero');
 * t.new('templates/_helpers.tpl').parse(helpers);
 * t.new('templates/deployment.yaml').parse(text);
 * const out = t.executeTemplate('templates/deployment.yaml', values);
 * ```
 * Values follow go-runtime's model (int → bigint, float64 → number, nil → null, missing →
 * undefined, map[string]interface{} → plain object); import them from `@marina/go-runtime`.
 *
 * Exports are `export import` aliases, which tsc emits as plain data properties (no getter per
 * access on hot paths; see go-runtime's index.ts).
 */
import templateModule = require('./template');
import cachedParseModule = require('./parse-cache/cached-parse');
import errorsModule = require('./errors');
import builtinEscapeFuncsModule = require('./builtin-escape.funcs');
import indexModule = require('./sprig/index');

// template
export import Template = templateModule.Template;
export type { FuncMap, ParseSettings, TemplateParseOptions, ExecContext } from './template';

// template.executor
export type { MissingKey } from './template.executor';

// parse-cache/cached-parse
export import parseWithCache = cachedParseModule.parseWithCache;
export type { ParseInput } from './parse-cache/cached-parse';

// errors
export import TemplateError = errorsModule.TemplateError;
export import TemplateParseError = errorsModule.TemplateParseError;
export import TemplateExecError = errorsModule.TemplateExecError;
export import TemplateFuncError = errorsModule.TemplateFuncError;
export import TemplateNotFoundError = errorsModule.TemplateNotFoundError;
export import GoFuncError = errorsModule.GoFuncError;

// builtin-escape.funcs
export import htmlEscape = builtinEscapeFuncsModule.htmlEscape;
export import jsEscape = builtinEscapeFuncsModule.jsEscape;
export import queryEscape = builtinEscapeFuncsModule.queryEscape;

// sprig/index
export import sprigFuncMap = indexModule.sprigFuncMap;
export import SprigCertificate = indexModule.SprigCertificate;
export import SemverVersion = indexModule.SemverVersion;
export import bcryptHash = indexModule.bcryptHash;
export import bcryptVerify = indexModule.bcryptVerify;
export import strval = indexModule.strval;
export import toInt64 = indexModule.toInt64;
export import toFloat64 = indexModule.toFloat64;
export import isEmpty = indexModule.isEmpty;
export import deepCopy = indexModule.deepCopy;
export import deepEqual = indexModule.deepEqual;
export import mergeInto = indexModule.mergeInto;
