import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** The GraphQL error shape every non-GraphQL HTTP error answers with. */
export interface HttpErrorBody {
  readonly errors: readonly {
    readonly message: string;
    readonly extensions: { readonly code: string } & Record<string, unknown>;
  }[];
}

export function httpErrorBody(code: string, message: string, extensions: Record<string, unknown> = {}): HttpErrorBody {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/** Sends `status` with an HttpErrorBody (application/json). */
export function sendHttpError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extensions?: Record<string, unknown>,
): void {
  res.status(status).json(httpErrorBody(code, message, extensions));
}

/** Request-body and form errors of body-parser and the multipart parser, by their `type`/status. */
const BODY_ERRORS: Readonly<Record<string, [number, string, string]>> = {
  'entity.parse.failed': [400, 'BAD_REQUEST', 'The request body is not valid JSON'],
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'],
  'request.size.invalid': [400, 'BAD_REQUEST', 'The request body is shorter or longer than its Content-Length'],
  'request.aborted': [400, 'BAD_REQUEST', 'The request was aborted'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported charset'],
};

function classify(err: unknown): { status: number; code: string; message: string } | undefined {
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
  const known = e.type ? BODY_ERRORS[e.type] : undefined;
  if (known) return { status: known[0], code: known[1], message: known[2] };
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
      message: e.expose && e.message ? e.message : 'Bad request',
    };
  }
  return undefined;
}

/**
 * Mounts, after every route: a JSON 404 for unknown paths and
 * an error handler that answers every error as an HttpErrorBody — client errors with their status,
 * anything else as 500 INTERNAL_SERVER_ERROR with a reference id that is logged. No HTML, no stacks,
 * whatever NODE_ENV is.
 */
export function mountJsonErrors(app: express.Express, log: Logger): void {
  app.use((req, res) => sendHttpError(res, 404, 'NOT_FOUND', `No route ${req.method} ${req.path.slice(0, 200)}`));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const known = classify(err);
    if (known) return sendHttpError(res, known.status, known.code, known.message);
    const ref = randomUUID();
    log.error({ err, ref, path: req.path }, 'internal error in HTTP route');
    sendHttpError(res, 500, 'INTERNAL_SERVER_ERROR', `Internal server error (ref ${ref})`, { ref });
  });
}
