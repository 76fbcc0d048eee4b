import type { ServerResponse } from 'node:http';
import { KubeApiError } from '../api/api-errors';

/** Writes a JSON response with optional `Warning` headers (RFC 7234 code 299, as the apiserver does). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  opts: { contentType?: string; warnings?: string[] } = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': opts.contentType ?? 'application/json',
    'Content-Length': payload.length,
    'Cache-Control': 'no-cache, private',
  };
  if (opts.warnings?.length) headers.Warning = opts.warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(status, headers);
  res.end(payload);
}

/** Writes a Kubernetes `Status` failure for any error (unexpected ones become 500 InternalError). */
export function sendError(res: ServerResponse, err: unknown, onUnexpected: (err: unknown) => void): void {
  const apiErr = err instanceof KubeApiError ? err : undefined;
  if (!apiErr) onUnexpected(err);
  const e =
    apiErr ??
    new KubeApiError('InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, e.httpStatus, e.toStatus());
}
