import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type express from 'express';
import type { Request, Response, NextFunction } from 'express';
import type { TaskQueue } from '../jobs/queue/task-queue';
import type { Actor } from '../services/auth/actor';
import { PERMISSIONS } from '../services/auth/permissions';
import { DomainError } from '../services/errors';
import { sendHttpError } from '../server/http-errors';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'marina_queues_token';

function cookieToken(req: Request): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * Mounts Bull Board at /admin/queues for callers with the `ops:queues` permission (admins).
 * Browsers open `/admin/queues?token=<access or API token>` once; the token is then kept in an
 * HttpOnly, SameSite=Strict cookie scoped to the dashboard path. Other callers get 401/403.
 */
export function mountQueueDashboard(
  app: express.Express,
  queue: TaskQueue,
  authenticate: (bearer: string) => Promise<Actor>,
): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue.inspectable() as never, { readOnlyMode: false })],
    serverAdapter: adapter as never,
  });

  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const fromHeader = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const token = fromHeader ?? fromQuery ?? cookieToken(req);
    if (!token)
      return sendHttpError(res, 401, 'UNAUTHENTICATED', 'Open /admin/queues?token=<token> or send a Bearer token');
    try {
      const actor = await authenticate(token);
      if (!actor.can(PERMISSIONS.QUEUE_DASHBOARD))
        return sendHttpError(res, 403, 'FORBIDDEN', `Missing permission ${PERMISSIONS.QUEUE_DASHBOARD}`);
    } catch (err) {
      if (err instanceof DomainError) return sendHttpError(res, 401, 'UNAUTHENTICATED', err.message);
      return next(err);
    }
    if (fromQuery) {
      res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: DASHBOARD_PATH, secure: req.secure });
      return void res.redirect(DASHBOARD_PATH);
    }
    next();
  };
  app.use(DASHBOARD_PATH, guard, adapter.getRouter());
}
