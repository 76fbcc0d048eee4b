/**
 * Executes parse trees with Go's text/template semantics (exec.go): pipelines, variables,
 * field/map/method access, missingkey modes, range/with/if, template invocation, function
 * calls with Go's argument conversion, and error messages naming template, line and column.
 */
import { BUILTINS, truth } from './builtin.funcs';
import { elemStaticType, errorContext, goErrorMessage, prepareArg, receiverTypeName } from './exec-support';
import { TemplateExecError } from './errors';
import {
  ConvError,
  checkResults,
  coerceResult,
  constantFor,
  idealConstant,
  methodSignature,
  signatureOf,
  validateType,
} from './exec-convert';
import {
  ANY,
  callMethod,
  findMethod,
  formatValue,
  GO_CONTEXT_FUNC,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  GoTime,
  indirect,
  indirectInterface,
  isUntaggedMap,
  kindOf,
  mapGet,
  mapHas,
  structHasField,
  toGoType,
  truthValue,
  typeNameOf,
  typeOfValue,
  typeString,
  VALUE,
  zeroValue,
  type BoundMethod,
  type GoFunction,
  type GoSignature,
  type GoStructClass,
  type GoType,
  type GoValue,
} from '@marina/go-runtime';
import { rangeOver } from './template-range.exec';
import {
  NodeType,
  type ActionNode,
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from './parse-tree.nodes';
import type { Tree } from './template.parser';

/** Go's missingkey option. */
export type MissingKey = 'default' | 'zero' | 'error';

/** What the executor needs from a template. */
export interface ExecTemplate {
  readonly name: string;
  readonly tree: Tree | null;
  lookup(name: string): ExecTemplate | undefined;
  findFunction(name: string): GoFunction | undefined;
  /** The function map; its identity changes whenever functions are added. */
  readonly funcMap: ReadonlyMap<string, GoFunction>;
  readonly missingKey: MissingKey;
  /** Creates the context object for context functions (Helm include/tpl). */
  makeContext(state: ExecState): unknown;
  /** When set, every action's value is written through this function (html/template's escaper). */
  readonly actionEscaper?: (v: GoValue) => string;
}

const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;

/** Thrown through the walk to implement {{break}} / {{continue}}. */
class LoopSignal {
  constructor(readonly isBreak: boolean) {}
}
const BREAK = new LoopSignal(true);
const CONTINUE = new LoopSignal(false);

/** Output shared by a state and the states of templates it invokes. */
export interface Sink {
  s: string;
}

export const MAX_EXEC_DEPTH = 100000;

/** One execution of a template (Go's `state`). */
export class ExecState {
  /** Variable stack (Go's vars), `$` first; literals sized for it: one state per include. */
  private readonly names: string[];
  private readonly values: GoValue[];
  node: Node | null = null;

  constructor(
    readonly tmpl: ExecTemplate,
    readonly sink: Sink,
    readonly depth: number,
    dot: GoValue,
  ) {
    this.names = ['$'];
    this.values = [dot];
  }

  /** Output written so far. */
  get output(): string {
    return this.sink.s;
  }

  // ---- errors -------------------------------------------------------------------------------
  errorf(msg: string | (() => string)): never {
    const name = this.tmpl.name;
    const node = this.node;
    throw new TemplateExecError(() => {
      const m = typeof msg === 'function' ? msg() : msg;
      if (!node) return `template: ${name}: ${m}`;
      const { location, context } = errorContext(node);
      return `template: ${location}: executing ${JSON.stringify(name)} at <${context}>: ${m}`;
    }, name);
  }

  // ---- variables ----------------------------------------------------------------------------
  private mark(): number {
    return this.names.length;
  }
  private pop(mark: number): void {
    // Most if/with/range bodies declare nothing: skip the (not free) length stores then.
    if (this.names.length === mark) return;
    this.names.length = mark;
    this.values.length = mark;
  }
  private push(name: string, v: GoValue): void {
    this.names.push(name);
    this.values.push(v);
  }
  private setVar(name: string, v: GoValue): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.values[i] = v;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  private setTopVar(n: number, v: GoValue): void {
    this.values[this.values.length - n] = v;
  }
  private varValue(name: string): GoValue {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) return this.values[i];
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking --------------------------------------------------------------------------------
  walk(dot: GoValue, node: Node): void {
    this.node = node;
    switch (node.type) {
      case NodeType.Action:
        this.walkAction(dot, node);
        return;
      case NodeType.Break:
        throw BREAK;
      case NodeType.Continue:
        throw CONTINUE;
      case NodeType.Comment:
        return;
      case NodeType.If:
      case NodeType.With:
        this.walkIfOrWith(dot, node);
        return;
      case NodeType.List: {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) {
          const n = nodes[i];
          if (n.type === NodeType.Action) this.walkAction(dot, n);
          else this.walk(dot, n);
        }
        return;
      }
      case NodeType.Range:
        this.walkRange(dot, node);
        return;
      case NodeType.Template:
        this.walkTemplate(dot, node);
        return;
      case NodeType.Text:
        this.sink.s += node.text;
        return;
      default:
        this.errorf(`unknown node: ${node.toString()}`);
    }
  }

  /**
   * An action. Single-command actions take a short path with small stack frames: Helm nests
   * `include` ~1000 deep, and every nesting level costs the frames on this path.
   */
  walkAction(dot: GoValue, node: ActionNode): void {
    this.node = node;
    const pipe = node.pipe;
    if (pipe.decl.length !== 0 || pipe.cmds.length !== 1) {
      const val = this.evalPipeline(dot, pipe);
      if (pipe.decl.length === 0) this.printValue(node, val);
      return;
    }
    this.node = pipe;
    const cmd = pipe.cmds[0];
    const v = cmd.args[0].type === NodeType.Identifier ? this.callIdent(dot, cmd) : this.evalCommand(dot, cmd, MISSING);
    this.printValue(node, v === null || (v instanceof GoNil && v.type.kind === 'any') ? undefined : v);
  }

  /** Resolves a function name against the executing set's function map (cached on the node). */
  private resolveFunction(node: IdentifierNode): void {
    const map = this.tmpl.funcMap;
    if (node.mapCache === map) return;
    const fn = map.get(node.ident);
    if (fn) {
      node.fnCache = fn;
      node.sigCache = signatureOf(fn);
      node.builtinCache = false;
      node.contextCache = (fn as { [GO_CONTEXT_FUNC]?: boolean })[GO_CONTEXT_FUNC] === true;
    } else {
      const b = BUILTINS.get(node.ident);
      node.fnCache = b ? b.fn : null;
      node.sigCache = b ? methodSignature(b.sig) : null;
      node.builtinCache = b !== undefined;
      node.contextCache = false;
    }
    node.mapCache = map;
  }

  /**
   * A command whose first word is a function name, without a piped-in final value. Few
   * parameters and no intermediate frame: Helm nests `include` ~1000 deep through this path.
   */
  private callIdent(dot: GoValue, cmd: CommandNode): GoValue {
    const first = cmd.args[0] as IdentifierNode;
    this.node = first;
    this.resolveFunction(first);
    if (first.fnCache === null || first.builtinCache) return this.callFunction(dot, first, cmd, cmd.args, MISSING);
    return this.invokeFunc(
      first,
      this.prepareCall(dot, first.sigCache as GoSignature, first.ident, cmd.args, MISSING),
      cmd,
    );
  }

  /** Calls the function named by `first` with the arguments `args` (after the name) and `final`. */
  private callFunction(
    dot: GoValue,
    first: IdentifierNode,
    cmd: Node,
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    this.node = first;
    this.resolveFunction(first);
    const fn = first.fnCache as GoFunction | null;
    if (fn === null) this.errorf(`${JSON.stringify(first.ident)} is not a defined function`);
    const sig = first.sigCache as GoSignature;
    if (first.builtinCache) return this.evalCall(dot, fn, sig, true, cmd, first.ident, args, final, null);
    return this.invokeFunc(first, this.prepareCall(dot, sig, first.ident, args, final), cmd);
  }

  /** Calls the template function `first` resolved to (not a builtin or method) with converted arguments. */
  private invokeFunc(first: IdentifierNode, argv: GoValue[], node: Node): GoValue {
    // Evaluating the arguments may have run the same node in a set with another function map.
    if (first.mapCache !== this.tmpl.funcMap) this.resolveFunction(first);
    const fn = first.fnCache as GoFunction;
    let result: unknown;
    try {
      if (first.contextCache) {
        const f = fn as unknown as (...a: unknown[]) => unknown;
        const ctx = this.tmpl.makeContext(this);
        result = argv.length === 2 ? f(ctx, argv[0], argv[1]) : f(ctx, ...argv);
      } else {
        result = callPlain(fn as unknown as (...a: GoValue[]) => unknown, argv);
      }
    } catch (e) {
      this.node = node;
      this.errorf(() => `error calling ${first.ident}: ${goErrorMessage(e)}`);
    }
    return coerceResult(result, (first.sigCache as GoSignature).results[0]);
  }

  private walkIfOrWith(dot: GoValue, node: BranchNode): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (truthValue(indirectInterface(val))) {
        this.walk(node.type === NodeType.With ? val : dot, node.list);
      } else if (node.elseList) {
        this.walk(dot, node.elseList);
      }
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: GoValue, r: BranchNode): void {
    this.node = r;
    const outer = this.mark();
    try {
      const { value: val } = indirect(this.evalPipeline(dot, r.pipe));
      const mark = this.mark();
      const decl = r.pipe.decl;
      const one = (index: GoValue, elem: GoValue): boolean => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e === BREAK) return false;
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      if (rangeOver(this, val, r, one)) return;
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: GoValue, t: TemplateNode): void {
    this.node = t;
    const tmpl = this.tmpl.lookup(t.name);
    if (!tmpl) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const sub = new ExecState(tmpl, this.sink, this.depth + 1, newDot);
    const tree = tmpl.tree;
    if (!tree) return sub.errorf(`${JSON.stringify(tmpl.name)} is an incomplete or empty template`);
    sub.walk(newDot, tree.root);
  }

  // ---- pipelines -------------------------------------------------------------------------------
  evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.node = pipe;
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i], value);
      if (value === null || (value instanceof GoNil && value.type.kind === 'any')) value = undefined; // nil interface{}: no value
    }
    const v = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], v);
      else this.push(variable.ident[0], v);
    }
    return v;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${args[0].toString()}`);
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.type) {
      case NodeType.Field:
        return this.evalFieldNode(dot, first, cmd.args, final);
      case NodeType.Chain:
        return this.evalChainNode(dot, first, cmd.args, final);
      case NodeType.Identifier:
        return this.callFunction(dot, first, cmd, cmd.args, final);
      case NodeType.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case NodeType.Variable:
        return this.evalVariableNode(dot, first, cmd.args, final);
      default:
        break;
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case NodeType.Bool:
        return first.value;
      case NodeType.Dot:
        return dot;
      case NodeType.Nil:
        this.errorf('nil is not a command');
      case NodeType.Number:
        return this.conv(() => idealConstant(first));
      case NodeType.String:
        return first.text;
      default:
        this.errorf(`can't evaluate command ${JSON.stringify((first as ArgNode).toString())}`);
    }
  }

  private conv<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ConvError) this.errorf(e.message);
      throw e;
    }
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = field;
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = chain;
    if (chain.node.type === NodeType.Nil) this.errorf(`indirection through explicit nil in ${chain.toString()}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: GoValue, v: VariableNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = v;
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? [v], final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    node: Node,
    ident: readonly string[],
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    const n = ident.length;
    let r = receiver;
    let container: GoValue = undefined;
    let from: string | null = null;
    for (let i = 0; i < n - 1; i++) {
      const next = this.evalField(dot, ident[i], node, null, MISSING, r, container, from);
      container = r;
      from = ident[i];
      r = next;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, r, container, from);
  }

  private evalField(
    dot: GoValue,
    fieldName: string,
    node: Node,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: GoValue,
    container: GoValue = undefined,
    from: string | null = null,
  ): GoValue {
    if (receiver === undefined) {
      if (this.tmpl.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(fieldName)}`);
      return undefined;
    }
    if (isUntaggedMap(receiver)) {
      // map[string]interface{} without methods: the common case, looked up directly.
      if ((args !== null && args.length > 1) || final !== MISSING)
        this.errorf(`${fieldName} is not a method but has arguments`);
      if (mapHas(receiver, fieldName)) return (receiver as Record<string, GoValue>)[fieldName];
      return this.missingMapKey(fieldName, ANY);
    }
    const { value: recv, isNil } = indirect(receiver);
    if (
      receiver === null ||
      (isNil && recv instanceof GoNil) ||
      (isNil && recv instanceof GoPtr && recv.type.kind === 'ptr' && recv.type.elem.kind === 'interface')
    ) {
      this.errorf(
        `nil pointer evaluating ${(from !== null ? elemStaticType(container, from) : undefined) ?? receiverTypeName(receiver)}.${fieldName}`,
      );
    }
    const method = findMethod(receiver, fieldName) ?? (recv !== receiver ? findMethod(recv, fieldName) : undefined);
    if (method) {
      const sig = methodSignature(method.method.sig);
      return this.evalCall(dot, method.method.fn as GoFunction, sig, false, node, fieldName, args, final, method);
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (recv instanceof GoStruct) {
      if (Object.prototype.hasOwnProperty.call(recv, fieldName)) {
        const c = fieldName.charCodeAt(0);
        if (!(c >= 65 && c <= 90) && !/^\p{Lu}/u.test(fieldName)) {
          this.errorf(
            `${fieldName} is an unexported field of struct type ${(from !== null ? elemStaticType(container, from) : undefined) ?? receiverTypeName(receiver)}`,
          );
        }
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return (recv as unknown as Record<string, GoValue>)[fieldName];
      }
    } else if (recv instanceof GoPtr) {
      const et = recv.type.kind === 'ptr' ? recv.type.elem : undefined;
      const hasField =
        !(et && et.kind === 'struct') || !et.cls || structHasField(et.cls as GoStructClass, null, fieldName);
      if (isNil && hasField)
        this.errorf(
          `nil pointer evaluating ${(from !== null ? elemStaticType(container, from) : undefined) ?? receiverTypeName(receiver)}.${fieldName}`,
        );
    } else if (recv instanceof GoNil && recv.type.kind === 'map') {
      if (recv.type.key.kind === 'string' || recv.type.key.kind === 'any') {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        return this.missingMapKey(fieldName, recv.type.elem);
      }
    } else if (recv instanceof GoMap) {
      const kt = recv.type.kind === 'map' ? recv.type.key : ANY;
      if (kt.kind === 'string' || kt.kind === 'any' || kt.kind === 'interface') {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        if (recv.entries.has(fieldName)) return recv.entries.get(fieldName);
        return this.missingMapKey(fieldName, recv.type.kind === 'map' ? recv.type.elem : ANY);
      }
    } else if (recv !== null && typeof recv === 'object' && !Array.isArray(recv) && kindOf(recv) === 'map') {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const m = recv as Record<string, GoValue>;
      if (mapHas(m, fieldName)) return mapGet(m, fieldName);
      const t = typeOfValue(recv);
      return this.missingMapKey(fieldName, t && t.kind === 'map' ? t.elem : ANY);
    }
    this.errorf(
      `can't evaluate field ${fieldName} in type ${(from !== null ? elemStaticType(container, from) : undefined) ?? receiverTypeName(receiver)}`,
    );
  }

  private missingMapKey(key: string, elem: GoType): GoValue {
    switch (this.tmpl.missingKey) {
      case 'zero':
        return zeroValue(elem);
      case 'error':
        this.errorf(`map has no entry for key ${JSON.stringify(key)}`);
      default:
        return undefined;
    }
  }

  // ---- calls --------------------------------------------------------------------------------------
  private evalCall(
    dot: GoValue,
    fn: GoFunction,
    sig: GoSignature,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argNodes: readonly ArgNode[] | null,
    final: Final,
    method: BoundMethod | null,
  ): GoValue {
    if (isBuiltin && (name === 'and' || name === 'or')) {
      this.checkArity(sig, name, argNodes, final);
      return this.evalAndOr(dot, name, argNodes ? argNodes.slice(1) : [], final);
    }
    const argv = this.prepareCall(dot, sig, name, argNodes, final);
    if (isBuiltin && name === 'call') {
      const calleeName = !argNodes || argNodes.length < 2 ? String(final) : argNodes[1].toString();
      return this.callBuiltinCall(node, calleeName, argv);
    }
    return this.invoke(fn, sig, node, name, argv, method);
  }

  /** Go's arity and result-count checks for a call. */
  private checkArity(sig: GoSignature, name: string, argNodes: readonly ArgNode[] | null, final: Final): void {
    const nArgs = argNodes ? argNodes.length - 1 : 0;
    const numIn = nArgs + (final !== MISSING ? 1 : 0);
    const nParams = sig.params.length;
    if (sig.variadic) {
      if (numIn < nParams - 1)
        this.errorf(`wrong number of args for ${name}: want at least ${nParams - 1} got ${nArgs}`);
    } else if (numIn !== nParams) {
      this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);
    }
    const bad = checkResults(name, sig);
    if (bad) this.errorf(bad);
  }

  /** Evaluates and converts the arguments of a call (the frame is gone before the callee runs). */
  private prepareCall(
    dot: GoValue,
    sig: GoSignature,
    name: string,
    argNodes: readonly ArgNode[] | null,
    final: Final,
  ): GoValue[] {
    this.checkArity(sig, name, argNodes, final);
    const nArgs = argNodes ? argNodes.length - 1 : 0;
    const numIn = nArgs + (final !== MISSING ? 1 : 0);
    const nParams = sig.params.length;
    const numFixed = sig.variadic ? nParams - 1 : nArgs;
    // Exactly sized: an empty literal grown by push() allocates room for 17 values per call.
    const argv: GoValue[] = new Array<GoValue>(numIn);
    let i = 0;
    for (; i < numFixed && i < nArgs; i++) argv[i] = this.evalArg(dot, sig.params[i], argNodes![i + 1]);
    if (sig.variadic) {
      const t = sig.params[nParams - 1];
      for (; i < nArgs; i++) argv[i] = this.evalArg(dot, t, argNodes![i + 1]);
    }
    if (final !== MISSING) {
      const t = sig.variadic && numIn - 1 >= numFixed ? sig.params[nParams - 1] : sig.params[numIn - 1];
      argv[i] = this.check(final, t);
    }
    return argv;
  }

  /** Calls a function or method with converted arguments; errors become `error calling NAME: …`. */
  private invoke(
    fn: GoFunction,
    sig: GoSignature,
    node: Node,
    name: string,
    argv: GoValue[],
    method: BoundMethod | null,
  ): GoValue {
    let result: unknown;
    try {
      if (method) result = callMethod(method, argv);
      else if ((fn as { [GO_CONTEXT_FUNC]?: boolean })[GO_CONTEXT_FUNC]) {
        result = (fn as unknown as (...a: unknown[]) => unknown)(this.tmpl.makeContext(this), ...argv);
      } else {
        result = callPlain(fn as unknown as (...a: GoValue[]) => unknown, argv);
      }
    } catch (e) {
      this.node = node;
      this.errorf(() => `error calling ${name}: ${goErrorMessage(e)}`);
    }
    return coerceResult(result, sig.results[0]);
  }

  private evalAndOr(dot: GoValue, name: string, args: readonly ArgNode[], final: Final): GoValue {
    let v: GoValue = undefined;
    for (const a of args) {
      v = this.evalArg(dot, VALUE, a);
      if (truth(v) === (name === 'or')) return v;
    }
    if (final !== MISSING) v = final;
    return v;
  }

  /** The `call` builtin: calls a function value with Go's checks. */
  private callBuiltinCall(node: Node, calleeName: string, argv: GoValue[]): GoValue {
    const [fnVal, ...rest] = argv;
    const fail = (msg: string): never => {
      this.node = node;
      this.errorf(`error calling call: ${msg}`);
    };
    const f = indirectInterface(fnVal);
    if (f === undefined) fail('call of nil');
    if (typeof f !== 'function') fail(`non-function ${calleeName} of type ${typeNameOf(f)}`);
    const fn = f as GoFunction;
    const sig = signatureOf(fn);
    const bad = checkResults(calleeName, sig);
    if (bad) fail(bad);
    const numIn = sig.params.length;
    if (sig.variadic) {
      if (rest.length < numIn - 1)
        fail(`wrong number of args for ${calleeName}: got ${rest.length} want at least ${numIn - 1}`);
    } else if (rest.length !== numIn) {
      fail(`wrong number of args for ${calleeName}: got ${rest.length} want ${numIn}`);
    }
    const callArgs = rest.map((a, i) => {
      const t = !sig.variadic || i < numIn - 1 ? sig.params[i] : sig.params[numIn - 1];
      try {
        return prepareArg(indirectInterface(a), t);
      } catch (e) {
        return fail(`arg ${i}: ${(e as Error).message}`);
      }
    });
    let result: unknown;
    try {
      result = (fn as unknown as (...a: GoValue[]) => unknown)(...callArgs);
    } catch (e) {
      fail(goErrorMessage(e));
    }
    return coerceResult(result, sig.results[0]);
  }

  /** Go's evalArg: evaluates an argument node for a parameter of type `t` (null = no type). */
  evalArg(dot: GoValue, t: GoType | null, n: ArgNode): GoValue {
    this.node = n;
    switch (n.type) {
      case NodeType.Dot:
        return this.check(dot, t);
      case NodeType.Nil:
        if (
          t === null ||
          t.kind === 'value' ||
          t.kind === 'any' ||
          t.kind === 'interface' ||
          t.kind === 'ptr' ||
          t.kind === 'slice' ||
          t.kind === 'map' ||
          t.kind === 'func' ||
          t.kind === 'chan'
        ) {
          return t && t.kind === 'ptr' ? zeroValue(t) : t && t.kind === 'value' ? undefined : null;
        }
        this.errorf(`cannot assign nil to ${typeString(t)}`);
      case NodeType.Field:
        return this.check(this.evalFieldNode(dot, n, null, MISSING), t);
      case NodeType.Variable:
        return this.check(this.evalVariableNode(dot, n, null, MISSING), t);
      case NodeType.Pipe:
        return this.check(this.evalPipeline(dot, n), t);
      case NodeType.Identifier:
        return this.check(this.callFunction(dot, n, n, null, MISSING), t);
      case NodeType.Chain:
        return this.check(this.evalChainNode(dot, n, null, MISSING), t);
      default:
        break;
    }
    if (t === null) this.errorf(`can't handle ${n.toString()} for arg of type <nil>`);
    if (
      n.type === NodeType.String &&
      (t.kind === 'any' || t.kind === 'value' || (t.kind === 'string' && !(t as { name?: string }).name))
    ) {
      return n.text;
    }
    try {
      return constantFor(n, t);
    } catch (e) {
      if (e instanceof ConvError) this.errorf(e.message);
      throw e;
    }
  }

  /** validateType at the current node (no-op without a parameter type). */
  private check(v: GoValue, t: GoType | null): GoValue {
    if (t === null || t.kind === 'value' || (t.kind === 'any' && v !== undefined)) return v;
    try {
      return validateType(v, t);
    } catch (e) {
      if (e instanceof ConvError) this.errorf(e.message);
      throw e;
    }
  }

  private printValue(n: Node, v: GoValue): void {
    this.node = n;
    const esc = this.tmpl.actionEscaper;
    if (esc) {
      this.sink.s += esc(v);
      return;
    }
    let val = v;
    if (val instanceof GoPtr && val.type.kind === 'ptr') {
      const ind = indirect(val);
      if (!ind.isNil) val = ind.value;
    }
    if (val === undefined) {
      this.sink.s += '<no value>';
      return;
    }
    if (typeof val === 'string') {
      this.sink.s += val;
      return;
    }
    if (typeof val === 'function' && !findMethod(val, 'String')) {
      this.errorf(`can't print ${n.toString()} of type ${typeNameOf(val)}`);
    }
    this.sink.s += formatValue(val);
  }
}

/** Executes `tmpl` with `data`; throws TemplateExecError (with partialOutput) on failure. */
export function executeTemplate(tmpl: ExecTemplate, data: GoValue): string {
  return runTemplate(tmpl, data);
}

/** Body of {@link executeTemplate}; exported so callers can avoid an extra stack frame. */
export function runTemplate(tmpl: ExecTemplate, data: GoValue): string {
  const dot = data === null ? undefined : data;
  const sink: Sink = { s: '' };
  const state = new ExecState(tmpl, sink, 0, dot);
  try {
    const tree = tmpl.tree;
    if (!tree) return state.errorf(`${JSON.stringify(tmpl.name)} is an incomplete or empty template`);
    const nodes = tree.root.nodes;
    for (let i = 0; i < nodes.length; i++) state.walk(dot, nodes[i]);
    return sink.s;
  } catch (e) {
    throw toExecError(e, state, sink);
  }
}

/** Converts anything thrown during execution into a TemplateExecError carrying the partial output. */
export function toExecError(e: unknown, state: ExecState, sink: Sink): TemplateExecError {
  let err: TemplateExecError;
  if (e instanceof TemplateExecError) {
    err = e;
  } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
    err = new TemplateExecError(
      `template: ${state.tmpl.name}: exceeded maximum template depth (stack overflow)`,
      state.tmpl.name,
      e,
    );
  } else {
    let msg = e instanceof Error ? e.message : String(e);
    try {
      state.errorf(`internal error: ${msg}`);
    } catch (inner) {
      msg = (inner as Error).message;
    }
    err = new TemplateExecError(msg, state.tmpl.name, e);
  }
  err.partialOutput = sink.s;
  return err;
}

export { toGoType, GoTime };
export { errorContext } from './exec-support';

/** Calls a plain (non-context) function; fixed arities avoid spread allocation on the hot path. */
function callPlain(f: (...a: GoValue[]) => unknown, argv: GoValue[]): unknown {
  switch (argv.length) {
    case 0:
      return f();
    case 1:
      return f(argv[0]);
    case 2:
      return f(argv[0], argv[1]);
    case 3:
      return f(argv[0], argv[1], argv[2]);
    default:
      return f(...argv);
  }
}
