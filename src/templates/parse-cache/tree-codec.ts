/**
 * Encodes a parse tree as one flat JSON array and rebuilds it as real node instances (the executor
 * keeps per-node caches on them, so decoded nodes must be the parser's own classes).
 *
 * The array is the tree in prefix order: each node is its NodeType, its position and its fields,
 * child lists as a count followed by the children. Flat, because decoding is most of a cache hit's
 * cost and nearly every stored byte is decoded in a render (the executed templates are the big
 * ones): one flat array parses faster than thousands of small nested ones and is read with a
 * cursor. Text nodes whose text is the template text at their position store only its length (the
 * text is not copied into the cache). Numbers are re-classified by the parser's own `newNumber`
 * from their literal, so the cache never holds bigints or floats. The decoder checks types and
 * that it consumed exactly the array, and throws otherwise, so a damaged payload is detected.
 */
import {
  ActionNode, BoolNode, BranchNode, BreakNode, ChainNode, CommandNode, CommentNode, ContinueNode, DotNode,
  ElseNode, EndNode, FieldNode, IdentifierNode, ListNode, NilNode, NodeType, PipeNode, StringNode, type NumberNode,
  TemplateNode, TextNode, VariableNode, type ArgNode, type Node, type TreeInfo,
} from '../parse-tree.nodes';
import { Item } from '../template.lexer';
import { newNumber } from '../template.parser';

/** Number literal kinds, as the lexer reported them (newNumber needs it). */
const enum NumberKind { Number, Char, Complex }

/** Encodes a tree's root list. Throws {@link UnencodableTreeError} for a tree it cannot represent exactly. */
export function encodeTree(root: ListNode): unknown[] {
  const out: unknown[] = [];
  encodeNode(root, out);
  return out;
}

function encodeNodes(nodes: readonly Node[], out: unknown[]): void {
  out.push(nodes.length);
  for (const n of nodes) encodeNode(n, out);
}

function encodeNode(n: Node, out: unknown[]): void {
  out.push(n.type, n.pos);
  switch (n.type) {
    case NodeType.Text: out.push(n.tree.text.startsWith(n.text, n.pos) ? n.text.length : n.text); return;
    case NodeType.Comment: out.push(n.text); return;
    case NodeType.List: encodeNodes(n.nodes, out); return;
    case NodeType.Action: out.push(n.line); encodeNode(n.pipe, out); return;
    case NodeType.Pipe: out.push(n.line, n.isAssign ? 1 : 0); encodeNodes(n.decl, out); encodeNodes(n.cmds, out); return;
    case NodeType.Command: encodeNodes(n.args, out); return;
    case NodeType.Identifier: out.push(n.ident); return;
    case NodeType.Variable: case NodeType.Field: out.push(n.ident.length, ...n.ident); return;
    case NodeType.Dot: case NodeType.Nil: case NodeType.End: return;
    case NodeType.Chain: encodeNode(n.node, out); out.push(n.field.length, ...n.field); return;
    case NodeType.Bool: out.push(n.value ? 1 : 0); return;
    case NodeType.Number: out.push(n.text, numberKind(n)); return;
    case NodeType.String: out.push(n.quoted, n.text); return;
    case NodeType.Else: case NodeType.Break: case NodeType.Continue: out.push(n.line); return;
    case NodeType.If: case NodeType.Range: case NodeType.With:
      out.push(n.line);
      encodeNode(n.pipe, out);
      encodeNode(n.list, out);
      if (n.elseList) {
        out.push(1);
        encodeNode(n.elseList, out);
      } else {
        out.push(0);
      }
      return;
    case NodeType.Template:
      out.push(n.line, n.name);
      if (n.pipe) {
        out.push(1);
        encodeNode(n.pipe, out);
      } else {
        out.push(0);
      }
      return;
  }
}

/**
 * The lexer's item kind for a number node: the one from which the parser's `newNumber` rebuilds
 * exactly this node (checked here, so decoding can never classify a literal differently).
 */
function numberKind(n: NumberNode): NumberKind {
  for (const kind of [NumberKind.Number, NumberKind.Char, NumberKind.Complex]) {
    const r = newNumber(n.pos, n.tree, n.text, itemOf(kind));
    if (typeof r !== 'string' && sameNumber(r, n)) return kind;
  }
  throw new UnencodableTreeError(`parse cache: cannot encode number ${n.text}`);
}

function itemOf(kind: unknown): Item {
  return kind === NumberKind.Char ? Item.CharConstant : kind === NumberKind.Complex ? Item.Complex : Item.Number;
}

function sameNumber(a: NumberNode, b: NumberNode): boolean {
  return a.isInt === b.isInt && a.isUint === b.isUint && a.isFloat === b.isFloat && a.isComplex === b.isComplex
    && a.int64 === b.int64 && a.uint64 === b.uint64 && Object.is(a.float64, b.float64)
    && Object.is(a.complexRe, b.complexRe) && Object.is(a.complexIm, b.complexIm);
}

/** A tree the encoder cannot represent exactly (the set is then not cached). */
export class UnencodableTreeError extends Error {}

/** A payload that is not a tree this encoder wrote. */
export class BadTreeError extends Error {}

function bad(): never {
  throw new BadTreeError('parse cache: malformed tree');
}

/** Rebuilds a tree's root list from {@link encodeTree}'s output; every node gets `info`. */
export function decodeTree(enc: unknown, info: TreeInfo): ListNode {
  if (!Array.isArray(enc)) bad();
  const d = new Decoder(enc, info);
  const root = d.node();
  if (root.type !== NodeType.List || d.i !== enc.length) bad();
  return root;
}

/** A cursor over one encoded tree. */
class Decoder {
  i = 0;
  constructor(private readonly a: readonly unknown[], private readonly info: TreeInfo) {}

  private int(): number {
    const v = this.a[this.i++];
    if (typeof v !== 'number') bad();
    return v;
  }

  private str(): string {
    const v = this.a[this.i++];
    if (typeof v !== 'string') bad();
    return v;
  }

  private strs(): string[] {
    const n = this.int();
    const out: string[] = [];
    for (let k = 0; k < n; k++) out.push(this.str());
    return out;
  }

  private pipe(): PipeNode {
    const n = this.node();
    if (n.type !== NodeType.Pipe) bad();
    return n;
  }

  private list(): ListNode {
    const n = this.node();
    if (n.type !== NodeType.List) bad();
    return n;
  }

  private arg(): ArgNode {
    const n = this.node();
    switch (n.type) {
      case NodeType.Identifier: case NodeType.Variable: case NodeType.Dot: case NodeType.Nil: case NodeType.Field:
      case NodeType.Chain: case NodeType.Bool: case NodeType.Number: case NodeType.String: case NodeType.Pipe:
        return n;
      default: return bad();
    }
  }

  node(): Node {
    const info = this.info;
    const type = this.a[this.i++];
    const pos = this.int();
    switch (type) {
      case NodeType.Text: {
        const t = this.a[this.i++];
        if (typeof t === 'number') {
          if (pos + t > info.text.length) bad();
          return new TextNode(pos, info, info.text.slice(pos, pos + t));
        }
        if (typeof t !== 'string') bad();
        return new TextNode(pos, info, t);
      }
      case NodeType.Comment: return new CommentNode(pos, info, this.str());
      case NodeType.List: {
        const list = new ListNode(pos, info);
        const nodes = list.nodes;
        for (let k = this.int(); k > 0; k--) nodes.push(this.node());
        return list;
      }
      case NodeType.Action: {
        const line = this.int();
        return new ActionNode(pos, info, line, this.pipe());
      }
      case NodeType.Pipe: {
        const pipe = new PipeNode(pos, info, this.int());
        pipe.isAssign = this.int() === 1;
        for (let k = this.int(); k > 0; k--) {
          const v = this.node();
          if (v.type !== NodeType.Variable) bad();
          pipe.decl.push(v);
        }
        for (let k = this.int(); k > 0; k--) {
          const c = this.node();
          if (c.type !== NodeType.Command) bad();
          pipe.cmds.push(c);
        }
        return pipe;
      }
      case NodeType.Command: {
        const cmd = new CommandNode(pos, info);
        const args = cmd.args;
        for (let k = this.int(); k > 0; k--) args.push(this.arg());
        return cmd;
      }
      case NodeType.Identifier: return new IdentifierNode(pos, info, this.str());
      case NodeType.Variable: return new VariableNode(pos, info, this.strs());
      case NodeType.Field: return new FieldNode(pos, info, this.strs());
      case NodeType.Dot: return new DotNode(pos, info);
      case NodeType.Nil: return new NilNode(pos, info);
      case NodeType.End: return new EndNode(pos, info);
      case NodeType.Chain: {
        const chain = new ChainNode(pos, info, this.arg());
        chain.field.push(...this.strs());
        return chain;
      }
      case NodeType.Bool: return new BoolNode(pos, info, this.int() === 1);
      case NodeType.Number: {
        const text = this.str();
        const r = newNumber(pos, info, text, itemOf(this.int()));
        return typeof r === 'string' ? bad() : r;
      }
      case NodeType.String: {
        const quoted = this.str();
        return new StringNode(pos, info, quoted, this.str());
      }
      case NodeType.Else: return new ElseNode(pos, info, this.int());
      case NodeType.Break: return new BreakNode(pos, info, this.int());
      case NodeType.Continue: return new ContinueNode(pos, info, this.int());
      case NodeType.If: case NodeType.Range: case NodeType.With: {
        const line = this.int();
        const pipe = this.pipe();
        const list = this.list();
        const elseList = this.int() === 1 ? this.list() : null;
        return new BranchNode(type, pos, info, line, pipe, list, elseList);
      }
      case NodeType.Template: {
        const line = this.int();
        const name = this.str();
        return new TemplateNode(pos, info, line, name, this.int() === 1 ? this.pipe() : null);
      }
      default: return bad();
    }
  }
}
