/**
 * Parsing a whole template set through the on-disk parse cache (like Python's .pyc): the first
 * run parses every text and stores the trees; a later run with exactly the same inputs installs
 * decoded trees instead of lexing and parsing (see DECODE_EAGERLY for when they are decoded). The resulting set is the one
 * `master.new(name).parse(text)` for each file in order would build: the same trees installed
 * through the same `addParseTree` calls in the same order.
 *
 * A set is only stored after every text parsed; parse errors are thrown as the parser reports
 * them and never cached. A cache that cannot be read or written is silently bypassed.
 */
import type { ListNode, TreeInfo } from '../parse-tree.nodes';
import type { ParseSettings, Template } from '../template';
import { isEmptyTree, parseTemplates, type Tree } from '../template.parser';
import { LazyTree, type TreeSource } from './lazy-tree';
import { ParseCacheStore, type LoadedEntry, type StoredTree } from './parse-cache.store';
import { FORMAT_VERSION, parserSources } from './parser-fingerprint';
import { decodeTree, encodeTree, StringTable } from './tree-codec';

/** One text to parse as template `name`. */
export interface ParseInput {
  readonly name: string;
  readonly text: string;
}

/**
 * Parses `files` into `master`'s set like `master.new(f.name).parse(f.text)` for each file in
 * order, using the parse cache in `dir`. A parse error is passed through `wrapError` (with the
 * file's name) and thrown; nothing is cached then.
 */
export function parseWithCache(
  master: Template,
  files: readonly ParseInput[],
  dir: string,
  wrapError: (name: string, err: unknown) => unknown = (_, err) => err,
): void {
  const settings = master.parseSettings();
  let inputs: string[] | null = null;
  let store: ParseCacheStore | null = null;
  try {
    inputs = cacheInputs(settings, files);
    store = new ParseCacheStore(dir);
    const entry = store.read(inputs);
    if (entry && entry.groups.length === files.length) {
      installEntry(master, files, settings, entry, store);
      return;
    }
  } catch {
    store = null; // the parser sources could not be read: parse without the cache
  }
  const groups: Map<string, Tree>[] = [];
  for (const f of files) {
    const t = master.new(f.name);
    let trees: Map<string, Tree>;
    try {
      trees = t.parseTrees(f.text);
    } catch (err) {
      throw wrapError(f.name, err);
    }
    for (const [name, tree] of trees) t.addParseTree(name, tree);
    groups.push(trees);
  }
  if (store && inputs) storeSet(store, inputs, groups);
}

/** Everything the set's trees depend on, in a fixed order (see ParseCacheStore). */
export function cacheInputs(settings: ParseSettings, files: readonly ParseInput[]): string[] {
  const inputs = [
    JSON.stringify([
      FORMAT_VERSION,
      settings.leftDelim,
      settings.rightDelim,
      settings.skipFuncCheck,
      settings.maxExprDepth,
      files.length,
    ]),
    settings.functionNames.join('\n'),
    ...parserSources(),
  ];
  for (const f of files) inputs.push(f.name, f.text);
  return inputs;
}

function storeSet(store: ParseCacheStore, inputs: readonly string[], groups: readonly Map<string, Tree>[]): void {
  const strings = new StringTable();
  const ints: number[] = [];
  let stored: StoredTree[][];
  try {
    stored = groups.map((trees) =>
      [...trees].map(([name, tree]) => {
        const start = ints.length;
        encodeTree(tree.root, strings, ints);
        return { name, empty: isEmptyTree(tree.root), start, end: ints.length };
      }),
    );
  } catch {
    return; // a tree the encoder cannot represent exactly: this set is not cached
  }
  store.write(inputs, { strings: strings.strings, ints, groups: stored });
}

/**
 * Whether a hit decodes every tree while installing instead of on first use. Measured on Bitnami
 * redis (`marina template`, warm cache, 21 interleaved runs): eager 124 ms min / 165 median wall,
 * 160 ms median CPU; lazy 128 / 175 wall, 170 CPU; callgrind ~690M vs ~730M instructions. A
 * render executes the big templates, so ~92% of the stored bytes get decoded anyway, and decoding
 * them in one burst is cheaper than interleaved with execution (the lazy run also needed a full
 * mark-compact GC). Lazy stays available for sets where most trees go unused.
 */
const DECODE_EAGERLY = true;

function installEntry(
  master: Template,
  files: readonly ParseInput[],
  settings: ParseSettings,
  entry: LoadedEntry,
  store: ParseCacheStore,
): void {
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const source = new EntrySource(f, settings, entry, store);
    const t = master.new(f.name);
    for (const st of entry.groups[i]) {
      const tree = new LazyTree(st.name, st.empty, source, st.start, st.end);
      if (DECODE_EAGERLY) void tree.root;
      t.addParseTree(st.name, tree);
    }
  }
}

/** The trees of one text in a loaded entry. */
class EntrySource implements TreeSource {
  readonly info: TreeInfo;
  private reparsed: Map<string, Tree> | null = null;

  constructor(
    private readonly file: ParseInput,
    private readonly settings: ParseSettings,
    private readonly entry: LoadedEntry,
    private readonly store: ParseCacheStore,
  ) {
    this.info = {
      parseName: file.name,
      text: file.text,
      leftDelim: settings.leftDelim,
      rightDelim: settings.rightDelim,
    };
  }

  decode(start: number, end: number): ListNode {
    return decodeTree(this.entry.ints.subarray(start, end), this.entry.strings, this.info);
  }

  /**
   * A stored tree was damaged: drop the entry (the next run rewrites it) and parse the text again
   * with the settings the entry was verified against; its inputs matched, so this yields the tree
   * the entry should have held.
   */
  reparse(name: string): ListNode {
    this.store.discard(this.entry.path);
    if (!this.reparsed) {
      const names = new Set(this.settings.functionNames);
      this.reparsed = parseTemplates(this.file.name, this.file.text, {
        leftDelim: this.settings.leftDelim,
        rightDelim: this.settings.rightDelim,
        skipFuncCheck: this.settings.skipFuncCheck,
        maxExprDepth: this.settings.maxExprDepth,
        hasFunction: (n) => names.has(n),
      });
    }
    const tree = this.reparsed.get(name);
    if (!tree)
      throw new Error(
        `parse cache: template ${JSON.stringify(name)} is missing from ${JSON.stringify(this.file.name)}`,
      );
    return tree.root;
  }
}
