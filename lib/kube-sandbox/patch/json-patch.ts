import { apiErrors, KubeApiError } from '../api/api-errors';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../api/kube-object.types';

/** One RFC 6902 operation as decoded from the request body. */
interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw apiErrors.badRequest(
      `the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`,
    );
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: JsonValue, segs: string[], path: string): JsonObject | JsonValue[] {
  let cur: JsonValue = doc;
  for (const s of segs.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(cur) ? cur[Number(s)] : isJsonObject(cur) ? cur[s] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw missing(path);
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') throw missing(path);
  return cur;
}

const missing = (path: string): KubeApiError =>
  new KubeApiError(
    'Invalid',
    `the server rejected our request due to an error in our request: doc is missing path: "${path}": missing value`,
  );

function getAt(doc: JsonValue, path: string): JsonValue {
  const segs = pointer(path);
  if (segs.length === 0) return doc;
  const parent = parentOf(doc, segs, path);
  const last = segs[segs.length - 1];
  const v = Array.isArray(parent) ? parent[Number(last)] : parent[last];
  if (v === undefined) throw missing(path);
  return v;
}

function removeAt(doc: JsonValue, path: string): JsonValue {
  const segs = pointer(path);
  const parent = parentOf(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw missing(path);
    return parent.splice(i, 1)[0];
  }
  if (!(last in parent)) throw missing(path);
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: JsonValue, path: string, value: JsonValue, replace: boolean): JsonValue {
  const segs = pointer(path);
  if (segs.length === 0) return value;
  const parent = parentOf(doc, segs, path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (replace && i >= parent.length)) throw missing(path);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else {
    if (replace && !(last in parent)) throw missing(path);
    parent[last] = value;
  }
  return doc;
}

/** Applies an RFC 6902 JSON patch; failed `test` operations and missing paths are 422 errors. */
export function applyJsonPatch(target: JsonValue, ops: JsonValue): JsonValue {
  if (!Array.isArray(ops))
    throw apiErrors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = cloneJson(target);
  for (const raw of ops) {
    if (!isJsonObject(raw)) throw apiErrors.badRequest('invalid JSON patch operation');
    const op = raw as unknown as Operation;
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, cloneJson(op.value ?? null), false);
        break;
      case 'replace':
        doc = addAt(doc, op.path, cloneJson(op.value ?? null), true);
        break;
      case 'remove':
        removeAt(doc, op.path);
        break;
      case 'move': {
        const v = removeAt(doc, String(op.from));
        doc = addAt(doc, op.path, v, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, op.path, cloneJson(getAt(doc, String(op.from))), false);
        break;
      case 'test':
        if (!jsonEqual(getAt(doc, op.path), op.value ?? null))
          throw new KubeApiError(
            'Invalid',
            `the server rejected our request due to an error in our request: testing value ${op.path} failed`,
          );
        break;
      default:
        throw apiErrors.badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
