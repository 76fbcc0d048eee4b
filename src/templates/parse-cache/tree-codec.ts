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

/**
 * Rebuilds a tree's root list from {@link encodeTree}'s output; every node gets `info`.
 *
 * Written for V8's interpreter (a one-shot CLI decodes before anything is compiled): one recursive
 * closure over a local cursor, reads and type checks inline rather than through helper calls.
 */
export function decodeTree(enc: unknown, info: TreeInfo): ListNode {
  if (!Array.isArray(enc)) bad();
  const a: readonly unknown[] = enc;
  const text = info.text;
  let i = 0;

  const strs = (): string[] => {
    const n = a[i++];
    if (typeof n !== 'number') bad();
    const out = a.slice(i, i + n) as string[];
    i += n;
    for (let k = 0; k < n; k++) if (typeof out[k] !== 'string') bad();
    return out;
  };

  // A child list: its stored count, then an array of exactly that many slots. Children used to be
  // pushed onto empty arrays, which V8 grows to 17 slots on the first push (~1.5 MB of backing
  // stores for Bitnami redis, all kept alive by the trees). Each child takes at least two entries,
  // so a count beyond what is left is damage.
  const sized = <T>(): T[] => {
    const n = a[i++];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n * 2 > a.length - i) bad();
    return new Array<T>(n);
  };

  const node = (): Node => {
    const type = a[i++];
    const pos = a[i++];
    if (typeof pos !== 'number') bad();
    switch (type) {
      case NodeType.Text: {
        const t = a[i++];
        if (typeof t === 'number') {
          if (pos + t > text.length) bad();
          return new TextNode(pos, info, text.slice(pos, pos + t));
        }
        if (typeof t !== 'string') bad();
        return new TextNode(pos, info, t);
      }
      case NodeType.Action: {
        const line = a[i++];
        if (typeof line !== 'number') bad();
        const pipe = node();
        if (pipe.type !== NodeType.Pipe) bad();
        return new ActionNode(pos, info, line, pipe);
      }
      case NodeType.Pipe: {
        const line = a[i++];
        if (typeof line !== 'number') bad();
        const isAssign = a[i++] === 1;
        const decl = sized<VariableNode>();
        for (let k = 0; k < decl.length; k++) {
          const v = node();
          if (v.type !== NodeType.Variable) bad();
          decl[k] = v;
        }
        const cmds = sized<CommandNode>();
        for (let k = 0; k < cmds.length; k++) {
          const c = node();
          if (c.type !== NodeType.Command) bad();
          cmds[k] = c;
        }
        const pipe = new PipeNode(pos, info, line, decl, cmds);
        pipe.isAssign = isAssign;
        return pipe;
      }
      case NodeType.Command: {
        const args = sized<ArgNode>();
        for (let k = 0; k < args.length; k++) {
          const arg = node();
          if (!isArg(arg)) bad();
          args[k] = arg;
        }
        return new CommandNode(pos, info, args);
      }
      case NodeType.List: {
        const nodes = sized<Node>();
        for (let k = 0; k < nodes.length; k++) nodes[k] = node();
        return new ListNode(pos, info, nodes);
      }
      case NodeType.Identifier: {
        const ident = a[i++];
        if (typeof ident !== 'string') bad();
        return new IdentifierNode(pos, info, ident);
      }
      case NodeType.Field: return new FieldNode(pos, info, strs());
      case NodeType.Variable: return new VariableNode(pos, info, strs());
      case NodeType.Dot: return new DotNode(pos, info);
      case NodeType.Nil: return new NilNode(pos, info);
      case NodeType.End: return new EndNode(pos, info);
      case NodeType.String: {
        const quoted = a[i++];
        const s = a[i++];
        if (typeof quoted !== 'string' || typeof s !== 'string') bad();
        return new StringNode(pos, info, quoted, s);
      }
      case NodeType.If: case NodeType.Range: case NodeType.With: {
        const line = a[i++];
        if (typeof line !== 'number') bad();
        const pipe = node();
        const list = node();
        if (pipe.type !== NodeType.Pipe || list.type !== NodeType.List) bad();
        let elseList: Node | null = null;
        if (a[i++] === 1) {
          elseList = node();
          if (elseList.type !== NodeType.List) bad();
        }
        return new BranchNode(type, pos, info, line, pipe, list, elseList);
      }
      case NodeType.Chain: {
        const target = node();
        if (!isArg(target)) bad();
        const chain = new ChainNode(pos, info, target);
        chain.field.push(...strs());
        return chain;
      }
      case NodeType.Bool: return new BoolNode(pos, info, a[i++] === 1);
      case NodeType.Number: {
        const literal = a[i++];
        if (typeof literal !== 'string') bad();
        const r = newNumber(pos, info, literal, itemOf(a[i++]));
        return typeof r === 'string' ? bad() : r;
      }
      case NodeType.Template: {
        const line = a[i++];
        const name = a[i++];
        if (typeof line !== 'number' || typeof name !== 'string') bad();
        let pipe: Node | null = null;
        if (a[i++] === 1) {
          pipe = node();
          if (pipe.type !== NodeType.Pipe) bad();
        }
        return new TemplateNode(pos, info, line, name, pipe);
      }
      case NodeType.Comment: {
        const t = a[i++];
        if (typeof t !== 'string') bad();
        return new CommentNode(pos, info, t);
      }
      case NodeType.Else: case NodeType.Break: case NodeType.Continue: {
        const line = a[i++];
        if (typeof line !== 'number') bad();
        return type === NodeType.Else ? new ElseNode(pos, info, line)
          : type === NodeType.Break ? new BreakNode(pos, info, line) : new ContinueNode(pos, info, line);
      }
      default: return bad();
    }
  };

  const root = node();
  if (root.type !== NodeType.List || i !== a.length) bad();
  return root;
}

/** Nodes that may be command arguments or chain targets. */
function isArg(n: Node): n is ArgNode {
  switch (n.type) {
    case NodeType.Identifier: case NodeType.Variable: case NodeType.Dot: case NodeType.Nil: case NodeType.Field:
    case NodeType.Chain: case NodeType.Bool: case NodeType.Number: case NodeType.String: case NodeType.Pipe:
      return true;
    default: return false;
  }
}
