/**
 * Parser for Go text/template, producing the same trees (and the same error messages) as
 * Go's text/template/parse. `parseTemplates` returns every tree defined by one text: the
 * top-level one plus each `{{define}}` / `{{block}}`.
 */
import { TemplateParseError } from './errors';
import { parseGoFloat, parseGoInt, parseGoUint, unquoteChar, unquoteGo } from '@marina/go-runtime';
import {
  ActionNode,
  BoolNode,
  BranchNode,
  BreakNode,
  ChainNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  NilNode,
  NodeType,
  NumberNode,
  PipeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  type ArgNode,
  type Node,
  type TreeInfo,
} from './parse-tree.nodes';
import { Item, Lexer, goQuote, type Token } from './template.lexer';

/** A parsed template: its name and root list. */
export interface Tree {
  readonly name: string;
  readonly root: ListNode;
  readonly info: TreeInfo;
  /**
   * Whether `root` is empty ({@link isEmptyTree}), when known without looking at it: trees from a
   * parse cache carry it so installing them does not decode their nodes.
   */
  readonly empty?: boolean;
}

export interface ParseOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** Do not check that called functions exist (Go's SkipFuncCheck). */
  skipFuncCheck?: boolean;
  /** Keep comments as nodes (Go's ParseComments). */
  parseComments?: boolean;
  /** Maximum nesting of parenthesized pipelines (Go: 10000). */
  maxExprDepth?: number;
  /** Returns whether a function name is defined (builtins and func maps). */
  hasFunction: (name: string) => boolean;
}

/** Parses `text` as template `name`; returns the trees it defines (including `name` itself). */
export function parseTemplates(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const info: TreeInfo = {
    parseName: name,
    text,
    leftDelim: opts.leftDelim || '{{',
    rightDelim: opts.rightDelim || '}}',
  };
  const lexer = new Lexer(text, info.leftDelim, info.rightDelim, {
    emitComment: !!opts.parseComments,
    breakOK: !opts.hasFunction('break'),
    continueOK: !opts.hasFunction('continue'),
  });
  const stream = new TokenStream(lexer);
  const p = new TreeParser(name, info, stream, treeSet, opts);
  p.parseTop();
  return treeSet;
}

/** Reports whether a list holds nothing but space and comments (Go's IsEmptyTree). */
export function isEmptyTree(n: Node | null): boolean {
  if (!n) return true;
  switch (n.type) {
    case NodeType.Comment:
      return true;
    case NodeType.List:
      return n.nodes.every(isEmptyTree);
    case NodeType.Text:
      return n.text.trim() === '' && !/[^\s]/.test(n.text);
    default:
      return false;
  }
}

/**
 * Tokens pulled from the lexer one segment at a time. Indexes are absolute; tokens before the
 * start of the current top-level item are released (see {@link release}) so they die young.
 */
class TokenStream {
  pos = 0;
  /** Index of the most recently fetched token (Go's token[0]); used for error line numbers. */
  hi = 0;
  private buf: Token[] = [];
  /** Absolute index of buf[0]. */
  private base = 0;
  private done = false;
  constructor(private readonly lexer: Lexer) {}

  private fill(i: number): void {
    while (!this.done && i - this.base >= this.buf.length) this.done = !this.lexer.lexSegment(this.buf);
  }

  /** The token at absolute index i (the last token for any index past the end). */
  at(i: number): Token {
    this.fill(i);
    const k = i - this.base;
    return this.buf[k < this.buf.length ? k : this.buf.length - 1];
  }

  /** Moves past the current token; stays one past the last token at the end. */
  advance(): void {
    this.fill(this.pos);
    if (this.pos - this.base < this.buf.length) this.pos++;
  }

  /** Drops consumed tokens; the parser never backs up past the start of the item it is at. */
  release(): void {
    const k = this.pos - this.base - 8;
    if (k >= 256) {
      this.buf.splice(0, k);
      this.base += k;
    }
  }
}

class TreeParser {
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private stackDepth = 0;
  private actionLine = 0;
  private root!: ListNode;

  constructor(
    private name: string,
    private readonly info: TreeInfo,
    private readonly s: TokenStream,
    private readonly treeSet: Map<string, Tree>,
    private readonly opts: ParseOptions,
  ) {}

  // ---- token access -------------------------------------------------------------------------
  private next(): Token {
    const t = this.s.at(this.s.pos);
    if (this.s.pos > this.s.hi) this.s.hi = this.s.pos;
    this.s.advance();
    return t;
  }
  private backup(n = 1): void {
    this.s.pos -= n;
  }
  private peek(): Token {
    if (this.s.pos > this.s.hi) this.s.hi = this.s.pos;
    return this.s.at(this.s.pos);
  }
  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.type === Item.Space);
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----------------------------------------------------------------------------------
  private errorf(msg: string): never {
    const line = this.s.at(this.s.hi).line;
    throw new TemplateParseError(`template: ${this.info.parseName}:${line}: ${msg}`, this.info.parseName, line);
  }
  private expect(type: Item, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Token, context: string): never {
    if (t.type === Item.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.info.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  // ---- top level -----------------------------------------------------------------------------
  parseTop(): void {
    this.root = new ListNode(this.peek().pos, this.info);
    while (this.peek().type !== Item.EOF) {
      this.s.release();
      if (this.peek().type === Item.LeftDelim) {
        const delimIndex = this.s.pos;
        this.next();
        if (this.nextNonSpace().type === Item.Define) {
          const sub = new TreeParser('definition', this.info, this.s, this.treeSet, this.opts);
          sub.parseDefinition();
          continue;
        }
        this.s.pos = delimIndex;
      }
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) this.errorf(`unexpected ${n.toString()}`);
      this.root.nodes.push(n);
    }
    this.add();
  }

  private add(): void {
    const tree: Tree = { name: this.name, root: this.root, info: this.info };
    const existing = this.treeSet.get(this.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, tree);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== Item.String && nameTok.type !== Item.RawString) this.unexpected(nameTok, context);
    const name = unquoteGo(nameTok.val);
    if (name === null) this.errorf('invalid syntax');
    this.name = name;
    this.expect(Item.RightDelim, context);
    const [list, end] = this.itemList();
    if (end.type !== NodeType.End) this.errorf(`unexpected ${end.toString()} in ${context}`);
    this.root = list;
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = new ListNode(this.peekNonSpace().pos, this.info);
    while (this.peekNonSpace().type !== Item.EOF) {
      this.s.release();
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Item.Text:
        return new TextNode(t.pos, this.info, t.val);
      case Item.LeftDelim: {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case Item.Comment:
        return new CommentNode(t.pos, this.info, t.val);
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Item.Block:
        return this.blockControl();
      case Item.Break:
        return this.breakControl(t);
      case Item.Continue:
        return this.continueControl(t);
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return new EndNode(this.expect(Item.RightDelim, 'end').pos, this.info);
      case Item.If:
        return this.branch(NodeType.If);
      case Item.Range:
        return this.branch(NodeType.Range);
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.branch(NodeType.With);
      default:
        break;
    }
    this.backup();
    const tok = this.peek();
    return new ActionNode(tok.pos, this.info, tok.line, this.pipeline('command', Item.RightDelim));
  }

  private breakControl(t: Token): Node {
    const n = this.nextNonSpace();
    if (n.type !== Item.RightDelim) this.unexpected(n, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return new BreakNode(t.pos, this.info, t.line);
  }

  private continueControl(t: Token): Node {
    const n = this.nextNonSpace();
    if (n.type !== Item.RightDelim) this.unexpected(n, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return new ContinueNode(t.pos, this.info, t.line);
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.type === Item.If || peek.type === Item.With) return new ElseNode(peek.pos, this.info, peek.line);
    const t = this.expect(Item.RightDelim, 'else');
    return new ElseNode(t.pos, this.info, t.line);
  }

  private branch(type: NodeType.If | NodeType.Range | NodeType.With): BranchNode {
    const context = type === NodeType.If ? 'if' : type === NodeType.Range ? 'range' : 'with';
    const nvars = this.vars.length;
    try {
      const pipe = this.pipeline(context, Item.RightDelim);
      if (type === NodeType.Range) this.rangeDepth++;
      let list: ListNode;
      let next: Node;
      try {
        [list, next] = this.itemList();
      } finally {
        if (type === NodeType.Range) this.rangeDepth--;
      }
      let elseList: ListNode | null = null;
      if (next.type === NodeType.Else) {
        const pk = this.peek().type;
        if ((type === NodeType.If && pk === Item.If) || (type === NodeType.With && pk === Item.With)) {
          this.next();
          elseList = new ListNode(next.pos, this.info);
          elseList.nodes.push(this.branch(type));
        } else {
          let end: Node;
          [elseList, end] = this.itemList();
          if (end.type !== NodeType.End) this.errorf(`expected end; found ${end.toString()}`);
        }
      }
      return new BranchNode(type, pipe.pos, this.info, pipe.line, pipe, list, elseList);
    } finally {
      this.vars.length = nvars;
    }
  }

  private blockControl(): Node {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    const sub = new TreeParser(name, this.info, this.s, this.treeSet, this.opts);
    const [list, end] = sub.itemList();
    if (end.type !== NodeType.End) this.errorf(`unexpected ${end.toString()} in ${context}`);
    sub.root = list;
    sub.add();
    return new TemplateNode(t.pos, this.info, t.line, name, pipe);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== Item.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return new TemplateNode(t.pos, this.info, t.line, name, pipe);
  }

  private parseTemplateName(t: Token, context: string): string {
    if (t.type === Item.String || t.type === Item.RawString) {
      const s = unquoteGo(t.val);
      if (s === null) this.errorf('invalid syntax');
      return s;
    }
    this.unexpected(t, context);
  }

  // ---- pipelines -----------------------------------------------------------------------------
  private pipeline(context: string, end: Item): PipeNode {
    const first = this.peekNonSpace();
    const pipe = new PipeNode(first.pos, this.info, first.line);
    this.declarations(pipe, context);
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case Item.Bool:
        case Item.CharConstant:
        case Item.Complex:
        case Item.Dot:
        case Item.Field:
        case Item.Identifier:
        case Item.Number:
        case Item.Nil:
        case Item.RawString:
        case Item.String:
        case Item.Variable:
        case Item.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== Item.Variable) return;
      const vIndex = this.s.pos;
      // position of v in the stream (peekNonSpace left us before it, after any spaces)
      while (this.s.at(this.s.pos).type === Item.Space) this.s.pos++;
      const varIndex = this.s.pos;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === Item.Assign || next.type === Item.Declare) {
        pipe.isAssign = next.type === Item.Assign;
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(v.pos, this.info, v.val.split('.')));
        this.vars.push(v.val);
        return;
      }
      if (next.type === Item.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(v.pos, this.info, v.val.split('.')));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const pk = this.peekNonSpace().type;
          if (pk === Item.Variable || pk === Item.RightDelim || pk === Item.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      void vIndex;
      this.s.pos = varIndex;
      return;
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case NodeType.Bool:
        case NodeType.Dot:
        case NodeType.Nil:
        case NodeType.Number:
        case NodeType.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
        default:
          break;
      }
    }
  }

  private command(): CommandNode {
    const cmd = new CommandNode(this.peekNonSpace().pos, this.info);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === Item.Space) continue;
      if (t.type === Item.RightDelim || t.type === Item.RightParen) this.backup();
      else if (t.type !== Item.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().type !== Item.Field) return node;
    const chain = new ChainNode(this.peek().pos, this.info, node);
    while (this.peek().type === Item.Field) chain.field.push(this.next().val.slice(1));
    switch (node.type) {
      case NodeType.Field:
        return new FieldNode(chain.pos, this.info, [...node.ident, ...chain.field]);
      case NodeType.Variable:
        return new VariableNode(chain.pos, this.info, [...node.ident, ...chain.field]);
      case NodeType.Bool:
      case NodeType.String:
      case NodeType.Number:
      case NodeType.Nil:
      case NodeType.Dot:
        this.errorf(`unexpected . after term ${goQuote(node.toString())}`);
      default:
        return chain;
    }
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case Item.Identifier:
        if (!this.opts.skipFuncCheck && !this.opts.hasFunction(t.val))
          this.errorf(`function ${goQuote(t.val)} not defined`);
        return new IdentifierNode(t.pos, this.info, t.val);
      case Item.Dot:
        return new DotNode(t.pos, this.info);
      case Item.Nil:
        return new NilNode(t.pos, this.info);
      case Item.Variable:
        return this.useVar(t);
      case Item.Field:
        return new FieldNode(t.pos, this.info, [t.val.slice(1)]);
      case Item.Bool:
        return new BoolNode(t.pos, this.info, t.val === 'true');
      case Item.CharConstant:
      case Item.Complex:
      case Item.Number: {
        const r = newNumber(t.pos, this.info, t.val, t.type);
        if (typeof r === 'string') this.errorf(r);
        return r;
      }
      case Item.LeftParen: {
        if (this.stackDepth >= (this.opts.maxExprDepth ?? 10000)) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', Item.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case Item.String:
      case Item.RawString: {
        const s = unquoteGo(t.val);
        if (s === null) this.errorf('invalid syntax');
        return new StringNode(t.pos, this.info, t.val, s);
      }
      default:
        this.backup();
        return null;
    }
  }

  private useVar(t: Token): VariableNode {
    const v = new VariableNode(t.pos, this.info, t.val.split('.'));
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
    return v;
  }
}

/** Go's item String() used in "unexpected X in Y" messages. */
function tokenString(t: Token): string {
  if (t.type === Item.EOF) return 'EOF';
  if (t.type === Item.Error) return t.val;
  if (t.type > Item.Keyword) return `<${t.val}>`;
  if ([...t.val].length > 10) return `${goQuote([...t.val].slice(0, 10).join('')).slice(0, -1)}"...`;
  return goQuote(t.val);
}

/** Go's newNumber: classifies a numeric literal; returns an error message on failure. */
export function newNumber(pos: number, info: TreeInfo, text: string, type: Item): NumberNode | string {
  const n = new NumberNode(pos, info, text);
  if (type === Item.CharConstant) {
    const step = unquoteChar(text.slice(1), text[0]);
    if (!step) return 'invalid syntax';
    if (step.rest !== "'") return `malformed character constant: ${text}`;
    n.int64 = BigInt(step.value);
    n.uint64 = BigInt(step.value);
    n.float64 = step.value;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (type === Item.Complex) {
    const m = /^([+-]?(?:0[xX][0-9a-fA-F_.]+(?:[pP][+-]?[0-9_]+)?|[0-9_.]+(?:[eE][+-]?[0-9_]+)?))([+-].+)i$/.exec(text);
    const re = m ? parseGoFloat(m[1]) : null;
    const im = m ? parseGoFloat(m[2]) : null;
    if (re === null || im === null) return `expected integer`;
    n.isComplex = true;
    n.complexRe = re;
    n.complexIm = im;
    simplifyComplex(n);
    return n;
  }
  if (text.endsWith('i')) {
    const f = parseGoFloat(text.slice(0, -1));
    if (f !== null) {
      n.isComplex = true;
      n.complexIm = f;
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseGoUint(text);
  if (u !== null) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseGoInt(text);
  if (i !== null) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseGoFloat(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${text}`;
      n.isFloat = true;
      n.float64 = f;
      setIntsFromFloat(n, f);
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${goQuote(text)}`;
  return n;
}

function setIntsFromFloat(n: NumberNode, f: number): void {
  if (!n.isInt && Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
    n.isInt = true;
    n.int64 = BigInt(f);
  }
  if (!n.isUint && Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
    n.isUint = true;
    n.uint64 = BigInt(f);
  }
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complexIm === 0;
  if (n.isFloat) {
    n.float64 = n.complexRe;
    setIntsFromFloat(n, n.complexRe);
  }
}
