import type { IncludeObject } from './table.converter';

/** What representation a GET or LIST response should have, from the Accept header and query. */
export interface ResponseForm {
  /** `as=Table` (server-side printing, kubectl get). */
  table: boolean;
  /** `as=PartialObjectMetadata(List)`: metadata only. */
  metadataOnly: boolean;
  includeObject: IncludeObject;
}

/** Picks the first Accept entry the sandbox can produce (JSON-based forms; protobuf falls back to JSON). */
export function responseForm(accept: string | undefined, includeObjectParam: string | null): ResponseForm {
  const include: IncludeObject =
    includeObjectParam === 'Object' ? 'Object' : includeObjectParam === 'None' ? 'None' : 'Metadata';
  for (const raw of (accept ?? '').split(',')) {
    const part = raw.trim();
    if (part.includes('as=Table') && part.includes('g=meta.k8s.io'))
      return { table: true, metadataOnly: false, includeObject: include };
    if (part.includes('as=PartialObjectMetadata') && part.includes('g=meta.k8s.io'))
      return { table: false, metadataOnly: true, includeObject: include };
    if (part.startsWith('application/json') || part.startsWith('*/*') || part.startsWith('application/*')) break;
  }
  return { table: false, metadataOnly: false, includeObject: include };
}
