/**
 * Parse tree of a Go template. `toString()` re-prints a node the way Go's `Node.String()` does
 * (used in error contexts: `executing "t" at <.X.Y>`), using the tree's delimiters.
 */
import { goQuote, type GoSignature as GoSignatureLike, type GoValue } from '@marina/go-runtime';

/** Information shared by all nodes of one parsed text. */
export interface TreeInfo {
  /** Name of the top-level template being parsed (Go's ParseName). */
  readonly parseName: string;
  /** The full text that was parsed. */
  readonly text: string;
  readonly leftDelim: string;
  readonly rightDelim: string;
}

export const enum NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
  End,
  Else,
}

abstract class BaseNode {
  abstract readonly type: NodeType;
  constructor(
    readonly pos: number,
    readonly tree: TreeInfo,
  ) {}
  abstract write(out: string[]): void;
  toString(): string {
    const out: string[] = [];
    this.write(out);
    return out.join('');
  }
}

export class TextNode extends BaseNode {
  readonly type = NodeType.Text;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(textFormat(this.text));
  }
}

let textFormatter: (s: string) => string = (s) => s;
/** Go's parse tests print text nodes with %q; normal printing uses %s. */
export function setTextFormat(fn: (s: string) => string): void {
  textFormatter = fn;
}
function textFormat(s: string): string {
  return textFormatter(s);
}

export class CommentNode extends BaseNode {
  readonly type = NodeType.Comment;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.tree.leftDelim, this.text, this.tree.rightDelim);
  }
}

export class ListNode extends BaseNode {
  readonly type = NodeType.List;
  /** `nodes`: the parse cache's decoder passes the children in an array of their exact length. */
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly nodes: Node[] = [],
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    for (const n of this.nodes) n.write(out);
  }
}

export class PipeNode extends BaseNode {
  readonly type = NodeType.Pipe;
  isAssign = false;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly line: number,
    readonly decl: VariableNode[] = [],
    readonly cmds: CommandNode[] = [],
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    if (this.decl.length > 0) {
      this.decl.forEach((v, i) => {
        if (i > 0) out.push(', ');
        v.write(out);
      });
      out.push(this.isAssign ? ' = ' : ' := ');
    }
    this.cmds.forEach((c, i) => {
      if (i > 0) out.push(' | ');
      c.write(out);
    });
  }
}

export class ActionNode extends BaseNode {
  readonly type = NodeType.Action;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly line: number,
    readonly pipe: PipeNode,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.tree.leftDelim);
    this.pipe.write(out);
    out.push(this.tree.rightDelim);
  }
}

export class CommandNode extends BaseNode {
  readonly type = NodeType.Command;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly args: ArgNode[] = [],
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    this.args.forEach((a, i) => {
      if (i > 0) out.push(' ');
      if (a.type === NodeType.Pipe) {
        out.push('(');
        a.write(out);
        out.push(')');
      } else {
        a.write(out);
      }
    });
  }
}

export class IdentifierNode extends BaseNode {
  readonly type = NodeType.Identifier;
  /**
   * Executor cache, valid while `mapCache` is the executing set's function map: the function the
   * name resolved to (a user function, else a builtin, else null), its signature, and whether it
   * is a builtin or a context function.
   */
  mapCache: unknown = null;
  fnCache: unknown = null;
  sigCache: GoSignatureLike | null = null;
  builtinCache = false;
  contextCache = false;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly ident: string,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.ident);
  }
}

export class VariableNode extends BaseNode {
  readonly type = NodeType.Variable;
  /** `$x.A.B` → ['$x', 'A', 'B'] */
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly ident: string[],
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.ident.join('.'));
  }
}

export class DotNode extends BaseNode {
  readonly type = NodeType.Dot;
  write(out: string[]): void {
    out.push('.');
  }
}

export class NilNode extends BaseNode {
  readonly type = NodeType.Nil;
  write(out: string[]): void {
    out.push('nil');
  }
}

export class FieldNode extends BaseNode {
  readonly type = NodeType.Field;
  /** `.A.B` → ['A', 'B'] */
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly ident: string[],
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    for (const id of this.ident) out.push('.', id);
  }
}

export class ChainNode extends BaseNode {
  readonly type = NodeType.Chain;
  readonly field: string[] = [];
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly node: ArgNode,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    if (this.node.type === NodeType.Pipe) {
      out.push('(');
      this.node.write(out);
      out.push(')');
    } else {
      this.node.write(out);
    }
    for (const f of this.field) out.push('.', f);
  }
}

export class BoolNode extends BaseNode {
  readonly type = NodeType.Bool;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly value: boolean,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.value ? 'true' : 'false');
  }
}

/** A numeric constant with Go's classification (a literal may be usable as several kinds). */
export class NumberNode extends BaseNode {
  readonly type = NodeType.Number;
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complexRe = 0;
  complexIm = 0;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.text);
  }
}

export class StringNode extends BaseNode {
  readonly type = NodeType.String;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly quoted: string,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.quoted);
  }
}

export class EndNode extends BaseNode {
  readonly type = NodeType.End;
  write(out: string[]): void {
    out.push(this.tree.leftDelim, 'end', this.tree.rightDelim);
  }
}

export class ElseNode extends BaseNode {
  readonly type = NodeType.Else;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly line: number,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.tree.leftDelim, 'else', this.tree.rightDelim);
  }
}

export class BreakNode extends BaseNode {
  readonly type = NodeType.Break;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly line: number,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.tree.leftDelim, 'break', this.tree.rightDelim);
  }
}

export class ContinueNode extends BaseNode {
  readonly type = NodeType.Continue;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly line: number,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.tree.leftDelim, 'continue', this.tree.rightDelim);
  }
}

/** if / range / with. */
export class BranchNode extends BaseNode {
  constructor(
    readonly type: NodeType.If | NodeType.Range | NodeType.With,
    pos: number,
    tree: TreeInfo,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | null,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    const name = this.type === NodeType.If ? 'if' : this.type === NodeType.Range ? 'range' : 'with';
    out.push(this.tree.leftDelim, name, ' ');
    this.pipe.write(out);
    out.push(this.tree.rightDelim);
    this.list.write(out);
    if (this.elseList) {
      out.push(this.tree.leftDelim, 'else', this.tree.rightDelim);
      this.elseList.write(out);
    }
    out.push(this.tree.leftDelim, 'end', this.tree.rightDelim);
  }
}

export class TemplateNode extends BaseNode {
  readonly type = NodeType.Template;
  constructor(
    pos: number,
    tree: TreeInfo,
    readonly line: number,
    readonly name: string,
    readonly pipe: PipeNode | null,
  ) {
    super(pos, tree);
  }
  write(out: string[]): void {
    out.push(this.tree.leftDelim, 'template ', goQuote(this.name));
    if (this.pipe) {
      out.push(' ');
      this.pipe.write(out);
    }
    out.push(this.tree.rightDelim);
  }
}

/** Nodes that can be arguments of a command. */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export type Node =
  | TextNode
  | CommentNode
  | ListNode
  | ActionNode
  | CommandNode
  | BranchNode
  | TemplateNode
  | EndNode
  | ElseNode
  | BreakNode
  | ContinueNode
  | ArgNode;

/** A constant's pre-computed value (cached on number/string/bool nodes by the executor). */
export type ConstValue = GoValue;
