import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { apiErrors, KubeApiError } from '../api/api-errors';
import type { PatchType } from '../core/write-options';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from '../protobuf/k8s-protobuf.codec';

/** Largest request body accepted (the apiserver's limit is 3 MiB per object; helm release Secrets stay below 1 MiB). */
const maxBody = 8 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > maxBody) throw new KubeApiError('RequestEntityTooLarge', 'Request entity too large: limit is 8388608');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw apiErrors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function parseYaml(raw: Buffer): unknown {
  try {
    return YAML.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw apiErrors.badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
}

/** Decodes an object body by Content-Type: JSON, YAML or Kubernetes protobuf. Empty bodies are undefined. */
export function decodeObjectBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf' || isKubernetesProtobuf(raw)) return decodeKubernetesProtobuf(raw);
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') return parseYaml(raw);
  if (type === '' || type === 'application/json' || type === '*/*') return parseJson(raw);
  throw apiErrors.unsupportedMediaType(type);
}

/** The patch type a PATCH Content-Type selects (415 for anything else). */
export function patchTypeOf(contentType: string | undefined): PatchType {
  switch (mediaType(contentType)) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw new KubeApiError(
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${String(contentType)})`,
      );
  }
}
