/**
 * Raw YAML text a user deploys (pure): split into documents and read as Kubernetes objects, every
 * problem named by document (1-based, empty documents counted as the text has them) and line of
 * the whole text, e.g. "document 2, line 14: Nested mappings are not allowed in compact mappings".
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { checkKubernetesObject } from '../../../packages/template/template-kubernetes';
import type { KubeObject } from '../../../drivers/kubernetes/kube-object.types';

/** Largest accepted text (bytes). */
export const MAX_RAW_YAML_BYTES = 1024 * 1024;

export interface RawYamlProblem {
  /** 1-based document index. */
  readonly document: number;
  readonly line: number | null;
  readonly message: string;
}

/** One object of the text and the document it came from. */
export interface RawYamlObject {
  readonly document: number;
  readonly object: KubeObject;
}

export type RawYamlResult =
  | { readonly ok: true; readonly objects: RawYamlObject[] }
  | { readonly ok: false; readonly problems: RawYamlProblem[] };

export function parseRawYaml(text: string): RawYamlResult {
  if (Buffer.byteLength(text) > MAX_RAW_YAML_BYTES)
    return {
      ok: false,
      problems: [{ document: 1, line: null, message: `the text is larger than ${MAX_RAW_YAML_BYTES} bytes` }],
    };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const problems: RawYamlProblem[] = [];
  const objects: RawYamlObject[] = [];
  list.forEach((doc, i) => {
    const document = i + 1;
    const error = doc.errors[0];
    if (error) {
      const at = lines.linePos(error.pos[0]);
      problems.push({ document, line: at.line, message: error.message.split('\n')[0] });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      problems.push({ document, line: null, message: (err as Error).message });
      return;
    }
    if (value === null || value === undefined) return; // an empty document
    const checked = checkKubernetesObject(value, `document ${document}`);
    const line = doc.contents?.range ? lines.linePos(doc.contents.range[0]).line : null;
    if (Array.isArray(checked)) {
      for (const issue of checked)
        problems.push({
          document,
          line,
          message: `${issue.path.replace(/^document \d+:/, '') || '/'}: ${issue.message}`,
        });
      return;
    }
    objects.push({ document, object: JSON.parse(JSON.stringify(checked)) as KubeObject });
  });
  if (problems.length === 0 && objects.length === 0)
    problems.push({ document: 1, line: null, message: 'the text has no Kubernetes object' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, objects };
}

/** "document 2, line 14: …" */
export function describeProblem(p: RawYamlProblem): string {
  return `document ${p.document}${p.line !== null ? `, line ${p.line}` : ''}: ${p.message}`;
}
