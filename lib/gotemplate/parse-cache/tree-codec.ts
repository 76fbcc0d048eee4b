/**
 * Encodes a parse tree as 32-bit integers plus a table of strings shared by a whole template set,
 * and rebuilds it as real node instances (the executor keeps per-node caches on them, so decoded
 * nodes must be the parser's own classes).
 *
 * The integers are the tree in prefix order: each node is its NodeType, its position and its
 * fields, child lists as a count followed by the children, strings as indexes into the table. A
 * cache file stores them as raw little-endian int32s that a hit reads through an Int32Array view
 * of the file's bytes: nothing is parsed (JSON.parse of the same trees was ~38 M instructions of a
 * ~570 M `marina template` run on Bitnami redis), and every distinct string exists once. Text
 * nodes whose text is the template text at their position store only its length (the text is not
 * copied into the cache). Numbers are re-classified by the parser's own `newNumber` from their
 * literal, so the cache never holds bigints or floats. The decoder checks every field and that it
 * consumed exactly the tree's range, and throws otherwise, so a damaged payload is detected.
 */
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
  PipeNode,
  StringNode,
  type NumberNode,
  TemplateNode,
  TextNode,
  VariableNode,
  type ArgNode,
  type Node,
  type TreeInfo,
} from '../parse-tree.nodes';
import { Item } from '../template.lexer';
import { newNumber } from '../template.parser';

/** Number literal kinds, as the lexer reported them (newNumber needs it). */
const enum NumberKind {
  Number,
  Char,
  Complex,
}

/** The strings of the trees being encoded, each stored once; {@link StringTable.strings} is the table. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  /** The index of `s` in the table (added when new). */
  add(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.index.set(s, k);
    }
    return k;
  }
}

/**
 * Appends the encoding of a tree's root list to `out`, its strings to `strings`. Throws
 * {@link UnencodableTreeError} for a tree it cannot represent exactly.
 */
export function encodeTree(root: ListNode, strings: StringTable, out: number[] = []): number[] {
  const str = (s: string): void => {
    out.push(strings.add(s));
  };
  const strList = (ss: readonly string[]): void => {
    out.push(ss.length);
    for (const s of ss) str(s);
  };
  const list = (nodes: readonly Node[]): void => {
    out.push(nodes.length);
    for (const n of nodes) node(n);
  };
  // An optional child: 1 and the child, or 0.
  const optional = (n: Node | null): void => {
    if (n) {
      out.push(1);
      node(n);
    } else {
      out.push(0);
    }
  };
  const node = (n: Node): void => {
    if (n.pos < 0 || n.pos > 0x7fffffff) throw new UnencodableTreeError(`parse cache: position ${n.pos}`);
    out.push(n.type, n.pos);
    switch (n.type) {
      // The text itself, or -(length + 1) when it is the template text at the node's position.
      case NodeType.Text:
        if (n.tree.text.startsWith(n.text, n.pos)) out.push(-n.text.length - 1);
        else str(n.text);
        return;
      case NodeType.Comment:
        str(n.text);
        return;
      case NodeType.List:
        list(n.nodes);
        return;
      case NodeType.Action:
        out.push(n.line);
        node(n.pipe);
        return;
      case NodeType.Pipe:
        out.push(n.line, n.isAssign ? 1 : 0);
        list(n.decl);
        list(n.cmds);
        return;
      case NodeType.Command:
        list(n.args);
        return;
      case NodeType.Identifier:
        str(n.ident);
        return;
      case NodeType.Variable:
      case NodeType.Field:
        strList(n.ident);
        return;
      case NodeType.Dot:
      case NodeType.Nil:
      case NodeType.End:
        return;
      case NodeType.Chain:
        node(n.node);
        strList(n.field);
        return;
      case NodeType.Bool:
        out.push(n.value ? 1 : 0);
        return;
      case NodeType.Number:
        str(n.text);
        out.push(numberKind(n));
        return;
      case NodeType.String:
        str(n.quoted);
        str(n.text);
        return;
      case NodeType.Else:
      case NodeType.Break:
      case NodeType.Continue:
        out.push(n.line);
        return;
      case NodeType.If:
      case NodeType.Range:
      case NodeType.With:
        out.push(n.line);
        node(n.pipe);
        node(n.list);
        optional(n.elseList);
        return;
      case NodeType.Template:
        out.push(n.line);
        str(n.name);
        optional(n.pipe);
        return;
    }
  };
  node(root);
  return out;
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
  return (
    a.isInt === b.isInt &&
    a.isUint === b.isUint &&
    a.isFloat === b.isFloat &&
    a.isComplex === b.isComplex &&
    a.int64 === b.int64 &&
    a.uint64 === b.uint64 &&
    Object.is(a.float64, b.float64) &&
    Object.is(a.complexRe, b.complexRe) &&
    Object.is(a.complexIm, b.complexIm)
  );
}

/** A tree the encoder cannot represent exactly (the set is then not cached). */
export class UnencodableTreeError extends Error {}

/** A payload that is not a tree this encoder wrote. */
export class BadTreeError extends Error {}

function bad(): never {
  throw new BadTreeError('parse cache: malformed tree');
}

/**
 * Rebuilds a tree's root list from the integers {@link encodeTree} appended (`ints`: exactly that
 * range) and the set's string table; every node gets `info`.
 *
 * Written for V8's interpreter (a one-shot CLI decodes before anything is compiled): one recursive
 * closure over a local cursor, reads and checks inline rather than through helper calls. A read
 * past the range gives `undefined`, which every check rejects.
 */
export function decodeTree(ints: Int32Array, strings: readonly string[], info: TreeInfo): ListNode {
  const a = ints;
  const text = info.text;
  let i = 0;

  const str = (): string => {
    const s = strings[a[i++]];
    if (typeof s !== 'string') bad();
    return s;
  };

  const num = (): number => {
    const n = a[i++];
    if (n === undefined) bad();
    return n;
  };

  // A list: its stored count, then an array of exactly that many slots (pushing onto empty arrays
  // makes V8 grow each to 17 slots on the first push: ~1.5 MB of backing stores for Bitnami redis,
  // all kept alive by the trees). Each element takes at least `width` integers (a node two, a
  // string one), so a count beyond what is left is damage.
  const sized = <T>(width = 2): T[] => {
    const n = a[i++];
    if (n === undefined || n < 0 || n * width > a.length - i) bad();
    return new Array<T>(n);
  };

  const strs = (): string[] => {
    const out = sized<string>(1);
    for (let k = 0; k < out.length; k++) out[k] = str();
    return out;
  };

  const node = (): Node => {
    const type = a[i++];
    const pos = a[i++];
    if (pos === undefined || pos < 0) bad();
    switch (type) {
      case NodeType.Text: {
        const t = a[i++];
        if (t === undefined) bad();
        if (t < 0) {
          const end = pos - t - 1;
          if (end > text.length) bad();
          return new TextNode(pos, info, text.slice(pos, end));
        }
        i--;
        return new TextNode(pos, info, str());
      }
      case NodeType.Action: {
        const line = num();
        const pipe = node();
        if (pipe.type !== NodeType.Pipe) bad();
        return new ActionNode(pos, info, line, pipe);
      }
      case NodeType.Pipe: {
        const line = num();
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
      case NodeType.Identifier:
        return new IdentifierNode(pos, info, str());
      case NodeType.Field:
        return new FieldNode(pos, info, strs());
      case NodeType.Variable:
        return new VariableNode(pos, info, strs());
      case NodeType.Dot:
        return new DotNode(pos, info);
      case NodeType.Nil:
        return new NilNode(pos, info);
      case NodeType.End:
        return new EndNode(pos, info);
      case NodeType.String: {
        const quoted = str();
        return new StringNode(pos, info, quoted, str());
      }
      case NodeType.If:
      case NodeType.Range:
      case NodeType.With: {
        const line = num();
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
      case NodeType.Bool:
        return new BoolNode(pos, info, a[i++] === 1);
      case NodeType.Number: {
        const literal = str();
        const r = newNumber(pos, info, literal, itemOf(a[i++]));
        return typeof r === 'string' ? bad() : r;
      }
      case NodeType.Template: {
        const line = num();
        const name = str();
        let pipe: Node | null = null;
        if (a[i++] === 1) {
          pipe = node();
          if (pipe.type !== NodeType.Pipe) bad();
        }
        return new TemplateNode(pos, info, line, name, pipe);
      }
      case NodeType.Comment:
        return new CommentNode(pos, info, str());
      case NodeType.Else:
      case NodeType.Break:
      case NodeType.Continue: {
        const line = num();
        return type === NodeType.Else
          ? new ElseNode(pos, info, line)
          : type === NodeType.Break
            ? new BreakNode(pos, info, line)
            : new ContinueNode(pos, info, line);
      }
      default:
        return bad();
    }
  };

  const root = node();
  if (root.type !== NodeType.List || i !== a.length) bad();
  return root;
}

/** Nodes that may be command arguments or chain targets. */
function isArg(n: Node): n is ArgNode {
  switch (n.type) {
    case NodeType.Identifier:
    case NodeType.Variable:
    case NodeType.Dot:
    case NodeType.Nil:
    case NodeType.Field:
    case NodeType.Chain:
    case NodeType.Bool:
    case NodeType.Number:
    case NodeType.String:
    case NodeType.Pipe:
      return true;
    default:
      return false;
  }
}
