/**
 * Go's text/template `*Template`: a named template that belongs to a set of associated
 * templates sharing functions and options. Parse once, execute many times.
 */
import { TemplateFuncError, TemplateNotFoundError } from './errors';
import { BUILTINS } from './builtin.funcs';
import { checkResults, signatureOf } from './exec-convert';
import {
  ExecState,
  executeTemplate,
  toExecError,
  type Sink,
  type ExecTemplate,
  type MissingKey,
} from './template.executor';
import { isEmptyTree, parseTemplates, type Tree } from './template.parser';
import { isGoDigit, isGoLetter, type ExecContextLike, type GoFunction, type GoValue } from '@marina/go-runtime';
import { NodeType } from './parse-tree.nodes';

/** Functions callable from templates, by name. Later registrations replace earlier ones. */
export type FuncMap = Record<string, GoFunction>;

/** The shared part of a template set (Go's `common`). */
interface Common {
  /**
   * Templates of the set. After clone() the entries are the original set's templates until first
   * looked up, when they are replaced by copies bound to the clone (copy on access: Helm clones
   * the whole set for every `tpl` call).
   */
  readonly tmpl: Map<string, Template>;
  /** Functions; shared with clones until either side adds functions (copy on write). */
  funcs: Map<string, GoFunction>;
  funcsShared: boolean;
  missingKey: MissingKey;
  actionEscaper?: (v: GoValue) => string;
}

/** What a parse depends on besides the text (see {@link Template.parseSettings}). */
export interface ParseSettings {
  readonly leftDelim: string;
  readonly rightDelim: string;
  readonly skipFuncCheck: boolean;
  readonly maxExprDepth: number;
  /** Names of all functions defined for the set (builtins included), sorted. */
  readonly functionNames: readonly string[];
}

/** Options for parsing; defaults match Go. */
export interface TemplateParseOptions {
  /** Do not require called functions to be defined at parse time (Go's SkipFuncCheck). */
  skipFuncCheck?: boolean;
  /** Maximum nesting of parenthesized pipelines (Go: 10000). */
  maxExprDepth?: number;
}

/**
 * Context handed to functions registered with `contextFunc` (Helm's include/tpl).
 * `template` is the template being executed; it shares the set, so `template.lookup(name)`
 * and `template.clone()` behave as in Go.
 */
export interface ExecContext extends ExecContextLike {
  readonly template: Template;
  /** Executes another template of the same set to a string (Go's ExecuteTemplate). */
  executeTemplate(name: string, data: GoValue): string;
}

/** Go's goodName: a letter or `_` first, then letters, digits and `_` (Unicode classes). */
const goodName = (name: string): boolean => {
  if (name === '') return false;
  let i = 0;
  for (const ch of name) {
    if (ch !== '_' && !(isGoLetter(ch) || (i > 0 && isGoDigit(ch)))) return false;
    i++;
  }
  return true;
};

/** A Go template. Create with {@link Template.create} (Go's `template.New`). */
export class Template implements ExecTemplate {
  tree: Tree | null = null;
  /** The context handed to context functions (see makeContext). */
  private context: ExecContext | undefined = undefined;
  private leftDelim = '';
  private rightDelim = '';
  private parseOpts: TemplateParseOptions = {};

  private constructor(
    readonly name: string,
    private common: Common,
  ) {}

  /** template.New(name). */
  static create(name: string): Template {
    return new Template(name, { tmpl: new Map(), funcs: new Map(), funcsShared: false, missingKey: 'default' });
  }

  /** t.New(name): a new, empty template in the same set with the same delimiters. */
  new(name: string): Template {
    const t = new Template(name, this.common);
    t.leftDelim = this.leftDelim;
    t.rightDelim = this.rightDelim;
    t.parseOpts = this.parseOpts;
    return t;
  }

  /** Adds functions to the set. Throws TemplateFuncError for bad names or non-functions. */
  funcs(map: FuncMap): this {
    for (const [name, fn] of Object.entries(map)) {
      if (!goodName(name))
        throw new TemplateFuncError(`function name ${JSON.stringify(name)} is not a valid identifier`);
      if (typeof fn !== 'function') throw new TemplateFuncError(`value for ${name} not a function`);
      const bad = checkResults(name, signatureOf(fn));
      if (bad) throw new TemplateFuncError(`can't install method/function ${JSON.stringify(name)}: ${bad}`);
    }
    // Always a new Map: its identity versions the function set (the executor caches lookups by it).
    const funcs = new Map(this.common.funcs);
    for (const [name, fn] of Object.entries(map)) funcs.set(name, fn);
    this.common.funcs = funcs;
    this.common.funcsShared = false;
    return this;
  }

  /** t.Option("missingkey=default|invalid|zero|error"). */
  option(...opts: string[]): this {
    for (const opt of opts) {
      const m = /^missingkey=(.*)$/.exec(opt);
      if (!m) throw new TemplateFuncError(`unrecognized option: ${opt}`);
      switch (m[1]) {
        case 'default':
        case 'invalid':
          this.common.missingKey = 'default';
          break;
        case 'zero':
          this.common.missingKey = 'zero';
          break;
        case 'error':
          this.common.missingKey = 'error';
          break;
        default:
          throw new TemplateFuncError(`unrecognized option: ${opt}`);
      }
    }
    return this;
  }

  /** t.Delims(left, right); empty strings mean the defaults. */
  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  /** Parser options for later parse() calls on this template and templates created from it. */
  parseOptions(opts: TemplateParseOptions): this {
    this.parseOpts = { ...this.parseOpts, ...opts };
    return this;
  }

  /** Parses text as this template's body; {{define}}d templates join the set. Throws TemplateParseError. */
  parse(text: string): this {
    for (const [name, tree] of this.parseTrees(text)) this.addParseTree(name, tree);
    return this;
  }

  /**
   * Parses text as parse() does but installs nothing: the trees it defines, in the order parse()
   * adds them. With {@link parseSettings} this lets a parse cache store and replay a parse.
   */
  parseTrees(text: string): Map<string, Tree> {
    return parseTemplates(this.name, text, {
      leftDelim: this.leftDelim,
      rightDelim: this.rightDelim,
      skipFuncCheck: this.parseOpts.skipFuncCheck,
      maxExprDepth: this.parseOpts.maxExprDepth,
      hasFunction: (n) => this.common.funcs.has(n) || BUILTINS.has(n),
    });
  }

  /** Everything besides the text that parseTrees() results depend on (a parse cache's key). */
  parseSettings(): ParseSettings {
    const names = new Set(this.common.funcs.keys());
    for (const n of BUILTINS.keys()) names.add(n);
    return {
      leftDelim: this.leftDelim || '{{',
      rightDelim: this.rightDelim || '}}',
      skipFuncCheck: this.parseOpts.skipFuncCheck === true,
      maxExprDepth: this.parseOpts.maxExprDepth ?? 10000,
      functionNames: [...names].sort(),
    };
  }

  /** t.AddParseTree: installs a tree under `name` (an empty tree never replaces a non-empty one). */
  addParseTree(name: string, tree: Tree): Template {
    const nt = name === this.name ? this : this.new(name);
    const old = this.lookup(name);
    let associated = true;
    if (old && (tree.empty ?? isEmptyTree(tree.root)) && old.tree) associated = false;
    else this.common.tmpl.set(name, nt);
    if (associated || nt.tree === null) nt.tree = tree;
    return nt;
  }

  /**
   * Identity of this template's set: the same object for every template of the set, a different
   * one for each clone. Lets callers keep per-set state (Helm's per-render include counters).
   */
  get setId(): object {
    return this.common;
  }

  /** The template with the given name in this set. */
  lookup(name: string): Template | undefined {
    const t = this.common.tmpl.get(name);
    if (t === undefined || t.common === this.common) return t;
    const c = t.copyInto(this.common);
    this.common.tmpl.set(name, c);
    return c;
  }

  /** All templates of the set (including this one once parsed). */
  templates(): Template[] {
    return [...this.common.tmpl.keys()].map((n) => this.lookup(n)!);
  }

  private copyInto(common: Common): Template {
    const c = new Template(this.name, common);
    c.tree = this.tree;
    c.leftDelim = this.leftDelim;
    c.rightDelim = this.rightDelim;
    c.parseOpts = this.parseOpts;
    return c;
  }

  /** "; defined templates are: "a", "b"" as Go prints it, or "" when empty. */
  definedTemplates(): string {
    const names = [...this.common.tmpl.keys()].sort().map((n) => JSON.stringify(n));
    return names.length ? `; defined templates are: ${names.join(', ')}` : '';
  }

  /** A copy of the set: templates and functions can be added to the clone without affecting this one. */
  clone(): Template {
    this.common.funcsShared = true;
    const common: Common = {
      tmpl: new Map(this.common.tmpl),
      funcs: this.common.funcs,
      funcsShared: true,
      missingKey: this.common.missingKey,
      actionEscaper: this.common.actionEscaper,
    };
    const self = this.copyInto(common);
    if (common.tmpl.has(this.name)) common.tmpl.set(this.name, self);
    return self;
  }

  /** Executes this template with `data` (null/undefined = Go nil) and returns the output. */
  execute(data: GoValue): string {
    return executeTemplate(this, data);
  }

  /** Executes the named template of this set. Throws TemplateNotFoundError when it is not defined. */
  executeTemplate(name: string, data: GoValue): string {
    const t = this.lookup(name);
    if (!t)
      throw new TemplateNotFoundError(
        `template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.name)}`,
        name,
      );
    // Inlined runTemplate: one stack frame less per nested include (Helm nests up to 1000).
    const dot = data === null ? undefined : data;
    const sink: Sink = { s: '' };
    const state = new ExecState(t, sink, 0, dot);
    try {
      const tree = t.tree;
      if (!tree) return state.errorf(`${JSON.stringify(t.name)} is an incomplete or empty template`);
      const nodes = tree.root.nodes;
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i];
        if (n.type === NodeType.Action) state.walkAction(dot, n);
        else state.walk(dot, n);
      }
      return sink.s;
    } catch (e) {
      throw toExecError(e, state, sink);
    }
  }

  // ---- ExecTemplate ---------------------------------------------------------------------------
  findFunction(name: string): GoFunction | undefined {
    return this.common.funcs.get(name);
  }

  /** The current function map (a new object whenever functions are added). */
  get funcMap(): ReadonlyMap<string, GoFunction> {
    return this.common.funcs;
  }

  get missingKey(): MissingKey {
    return this.common.missingKey;
  }

  get actionEscaper(): ((v: GoValue) => string) | undefined {
    return this.common.actionEscaper;
  }

  /**
   * Writes every action's value through `escaper` instead of printing it (used to emulate
   * html/template's text-context escaping for OpenPitrix cluster templates).
   */
  escapeActions(escaper: (v: GoValue) => string): this {
    this.common.actionEscaper = escaper;
    return this;
  }

  makeContext(state: ExecState): ExecContext {
    const tmpl = state.tmpl as Template;
    // Depends only on the template: made once (Helm calls include hundreds of times per render).
    tmpl.context ??= {
      templateName: tmpl.name,
      template: tmpl,
      executeTemplate: (name: string, data: GoValue) => tmpl.executeTemplate(name, data),
    };
    return tmpl.context;
  }
}
