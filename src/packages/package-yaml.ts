import { isCollection, isPair, parseAllDocuments, parseDocument, type Document, type Node } from 'yaml';
import { PackageError } from './package-error';

/** Limits for YAML read from untrusted packages and repositories. */
export interface YamlLimits {
  /** Most alias dereferences per document (default 100; guards against "billion laughs"). */
  readonly maxAliasCount: number;
  /** Deepest collection nesting (default 64). */
  readonly maxDepth: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = Object.freeze({ maxAliasCount: 100, maxDepth: 64 });

/**
 * Parses one YAML document from an untrusted file into plain JS values (YAML 1.2 core schema,
 * like Helm's sigs.k8s.io/yaml for the common cases). Throws PackageError INVALID_YAML,
 * YAML_ALIAS_LIMIT or YAML_TOO_DEEP, naming `path`.
 */
export function parseYamlSafe(text: string, path: string, limits: Partial<YamlLimits> = {}): unknown {
  const l = { ...DEFAULT_YAML_LIMITS, ...limits };
  prescanFlowDepth(text, path, l.maxDepth);
  return toSafeJs(parseDocument(text, { uniqueKeys: false }), path, l);
}

/** Like `parseYamlSafe` for multi-document streams (`---` separated); empty documents are dropped. */
export function parseYamlDocumentsSafe(text: string, path: string, limits: Partial<YamlLimits> = {}): unknown[] {
  const l = { ...DEFAULT_YAML_LIMITS, ...limits };
  prescanFlowDepth(text, path, l.maxDepth);
  const parsed = parseAllDocuments(text, { uniqueKeys: false });
  const docs: Document[] = Array.isArray(parsed) ? parsed : [parsed];
  return docs.map((d) => toSafeJs(d, path, l)).filter((v) => v !== null && v !== undefined);
}

function toSafeJs(doc: Document, path: string, l: YamlLimits): unknown {
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0];
    throw new PackageError('INVALID_YAML', path, `${line ? `line ${line.line}: ` : ''}${e.message.split('\n')[0]}`);
  }
  checkDepth(doc.contents, path, l.maxDepth);
  try {
    return doc.toJS({ maxAliasCount: l.maxAliasCount });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new PackageError('YAML_ALIAS_LIMIT', path, `more than ${l.maxAliasCount} alias expansions (alias bomb?)`);
    }
    throw new PackageError('INVALID_YAML', path, err instanceof Error ? err.message : String(err));
  }
}

/** Iterative depth walk of the parsed tree (no recursion, so hostile input cannot overflow the stack). */
function checkDepth(root: unknown, path: string, maxDepth: number): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isCollection(node as Node)) {
      if (depth + 1 > maxDepth) throw new PackageError('YAML_TOO_DEEP', path, `nesting deeper than ${maxDepth} levels`);
      for (const item of (node as { items: unknown[] }).items) stack.push([item, depth + 1]);
    } else if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    }
  }
}

/**
 * Cheap linear bound on flow-collection nesting, run before the parser so that megabytes of
 * '[' cannot make parsing slow. It counts every bracket (quotes and comments included, so no
 * crafted quoting can hide brackets from it) and only rejects beyond 4× the real limit; the
 * exact check is `checkDepth` on the parsed tree.
 */
function prescanFlowDepth(text: string, path: string, maxDepth: number): void {
  const bound = maxDepth * 4;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > bound) throw new PackageError('YAML_TOO_DEEP', path, `nesting deeper than ${maxDepth} levels`);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
}
