/**
 * A parse tree from a cache entry whose nodes are decoded on first access of `root` (or at once:
 * cached-parse's DECODE_EAGERLY). `empty` is stored, so installing the tree needs no decode. A
 * stored encoding that turns out damaged falls back to parsing the text again.
 */
import type { ListNode, TreeInfo } from '../parse-tree.nodes';
import type { Tree } from '../template.parser';

/** Where a group of lazy trees (the trees of one parsed text) gets its nodes from. */
export interface TreeSource {
  /** The text's TreeInfo, shared by all its nodes, as the parser shares it. */
  readonly info: TreeInfo;
  /** The tree stored at `start`..`end` (tree-codec's decodeTree). Throws when it is damaged. */
  decode(start: number, end: number): ListNode;
  /** The tree `name` parsed afresh: the fallback when a stored encoding turns out damaged. */
  reparse(name: string): ListNode;
}

export class LazyTree implements Tree {
  private decoded: ListNode | null = null;

  constructor(
    readonly name: string,
    readonly empty: boolean,
    private readonly source: TreeSource,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get info(): TreeInfo {
    return this.source.info;
  }

  get root(): ListNode {
    return this.decoded ?? this.decode();
  }

  private decode(): ListNode {
    let root: ListNode;
    try {
      root = this.source.decode(this.start, this.end);
    } catch {
      root = this.source.reparse(this.name);
    }
    this.decoded = root;
    return root;
  }
}
