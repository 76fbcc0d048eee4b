/**
 * Encodes a parse tree as nested JSON arrays and rebuilds it as real node instances (the executor
 * keeps per-node caches on them, so decoded nodes must be the parser's own classes).
 *
 * Every node is `[type, pos, ...fields]` with `type` its NodeType. Text nodes whose text is the
 * template text at their position store only its length (the text is not copied into the cache).
 * Numbers are re-classified by the parser's own `newNumber` from their literal, so the cache never
 * holds bigints or floats. The decoder checks every field's type and throws on anything else, so
 * a damaged payload is detected rather than turned into a wrong tree.
 */
import {
  ActionNode, BoolNode, BranchNode, BreakNode, ChainNode, CommandNode, CommentNode, ContinueNode, DotNode,
  ElseNode, EndNode, FieldNode, IdentifierNode, ListNode, NilNode, NodeType, PipeNode, StringNode, type NumberNode,
  TemplateNode, TextNode, VariableNode, type ArgNode, type Node, type TreeInfo,
} from '../parse-tree.nodes';
import { Item } from '../template.lexer';
import { newNumber } from '../template.parser';

/** JSON form of a node (see the file comment). */
export type EncodedNode = readonly unknown[];

/** Number literal kinds, as the lexer reported them (newNumber needs it). */
const enum NumberKind { Number, Char, Complex }

/** Encodes a tree's root list. Throws {@link UnencodableTreeError} for a tree it cannot represent exactly. */
export function encodeTree(root: ListNode): EncodedNode {
  return encodeNode(root);
}

function encodeNode(n: Node): EncodedNode {
  switch (n.type) {
    case NodeType.Text:
      return [n.type, n.pos, n.tree.text.startsWith(n.text, n.pos) ? n.text.length : n.text];
    case NodeType.Comment: return [n.type, n.pos, n.text];
    case NodeType.List: return [n.type, n.pos, n.nodes.map(encodeNode)];
    case NodeType.Action: return [n.type, n.pos, n.line, encodeNode(n.pipe)];
    case NodeType.Pipe:
      return [n.type, n.pos, n.line, n.isAssign ? 1 : 0, n.decl.map(encodeNode), n.cmds.map(encodeNode)];
    case NodeType.Command: return [n.type, n.pos, n.args.map(encodeNode)];
    case NodeType.Identifier: return [n.type, n.pos, n.ident];
    case NodeType.Variable: case NodeType.Field: return [n.type, n.pos, n.ident];
    case NodeType.Dot: case NodeType.Nil: case NodeType.End: return [n.type, n.pos];
    case NodeType.Chain: return [n.type, n.pos, encodeNode(n.node), n.field];
    case NodeType.Bool: return [n.type, n.pos, n.value ? 1 : 0];
    case NodeType.Number: return [n.type, n.pos, n.text, numberKind(n)];
    case NodeType.String: return [n.type, n.pos, n.quoted, n.text];
    case NodeType.Else: case NodeType.Break: case NodeType.Continue: return [n.type, n.pos, n.line];
    case NodeType.If: case NodeType.Range: case NodeType.With:
      return [n.type, n.pos, n.line, encodeNode(n.pipe), encodeNode(n.list), n.elseList ? encodeNode(n.elseList) : 0];
    case NodeType.Template: return [n.type, n.pos, n.line, n.name, n.pipe ? encodeNode(n.pipe) : 0];
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

function num(v: unknown): number {
  if (typeof v !== 'number') bad();
  return v;
}

function str(v: unknown): string {
  if (typeof v !== 'string') bad();
  return v;
}

function strs(v: unknown): string[] {
  if (!Array.isArray(v)) bad();
  for (const s of v) if (typeof s !== 'string') bad();
  return v as string[];
}

function arr(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) bad();
  return v;
}

/** Rebuilds a tree's root list from {@link encodeTree}'s output; every node gets `info`. */
export function decodeTree(enc: unknown, info: TreeInfo): ListNode {
  const n = decodeNode(enc, info);
  if (n.type !== NodeType.List) bad();
  return n;
}

function decodePipe(v: unknown, info: TreeInfo): PipeNode {
  const n = decodeNode(v, info);
  if (n.type !== NodeType.Pipe) bad();
  return n;
}

function decodeList(v: unknown, info: TreeInfo): ListNode {
  const n = decodeNode(v, info);
  if (n.type !== NodeType.List) bad();
  return n;
}

function decodeArg(v: unknown, info: TreeInfo): ArgNode {
  const n = decodeNode(v, info);
  switch (n.type) {
    case NodeType.Identifier: case NodeType.Variable: case NodeType.Dot: case NodeType.Nil: case NodeType.Field:
    case NodeType.Chain: case NodeType.Bool: case NodeType.Number: case NodeType.String: case NodeType.Pipe:
      return n;
    default: return bad();
  }
}

function decodeNode(v: unknown, info: TreeInfo): Node {
  const e = arr(v);
  const pos = num(e[1]);
  switch (e[0]) {
    case NodeType.Text: {
      const t = e[2];
      if (typeof t === 'number') {
        if (pos + t > info.text.length) bad();
        return new TextNode(pos, info, info.text.slice(pos, pos + t));
      }
      return new TextNode(pos, info, str(t));
    }
    case NodeType.Comment: return new CommentNode(pos, info, str(e[2]));
    case NodeType.List: {
      const list = new ListNode(pos, info);
      for (const c of arr(e[2])) list.nodes.push(decodeNode(c, info));
      return list;
    }
    case NodeType.Action: return new ActionNode(pos, info, num(e[2]), decodePipe(e[3], info));
    case NodeType.Pipe: {
      const pipe = new PipeNode(pos, info, num(e[2]));
      pipe.isAssign = e[3] === 1;
      for (const d of arr(e[4])) {
        const dn = decodeNode(d, info);
        if (dn.type !== NodeType.Variable) bad();
        pipe.decl.push(dn);
      }
      for (const c of arr(e[5])) {
        const cn = decodeNode(c, info);
        if (cn.type !== NodeType.Command) bad();
        pipe.cmds.push(cn);
      }
      return pipe;
    }
    case NodeType.Command: {
      const cmd = new CommandNode(pos, info);
      for (const a of arr(e[2])) cmd.args.push(decodeArg(a, info));
      return cmd;
    }
    case NodeType.Identifier: return new IdentifierNode(pos, info, str(e[2]));
    case NodeType.Variable: return new VariableNode(pos, info, strs(e[2]));
    case NodeType.Field: return new FieldNode(pos, info, strs(e[2]));
    case NodeType.Dot: return new DotNode(pos, info);
    case NodeType.Nil: return new NilNode(pos, info);
    case NodeType.End: return new EndNode(pos, info);
    case NodeType.Chain: {
      const chain = new ChainNode(pos, info, decodeArg(e[2], info));
      chain.field.push(...strs(e[3]));
      return chain;
    }
    case NodeType.Bool: return new BoolNode(pos, info, e[2] === 1);
    case NodeType.Number: {
      const r = newNumber(pos, info, str(e[2]), itemOf(e[3]));
      return typeof r === 'string' ? bad() : r;
    }
    case NodeType.String: return new StringNode(pos, info, str(e[2]), str(e[3]));
    case NodeType.Else: return new ElseNode(pos, info, num(e[2]));
    case NodeType.Break: return new BreakNode(pos, info, num(e[2]));
    case NodeType.Continue: return new ContinueNode(pos, info, num(e[2]));
    case NodeType.If: case NodeType.Range: case NodeType.With:
      return new BranchNode(
        e[0], pos, info, num(e[2]), decodePipe(e[3], info), decodeList(e[4], info), e[5] === 0 ? null : decodeList(e[5], info),
      );
    case NodeType.Template: return new TemplateNode(pos, info, num(e[2]), str(e[3]), e[4] === 0 ? null : decodePipe(e[4], info));
    default: return bad();
  }
}
