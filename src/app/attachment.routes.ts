import type express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AttachmentStore } from '../services/attachments/attachment-store';
import { sendHttpError } from '../server/http-errors';

/** Served attachments never change (the URL is their hash): caches may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** An SVG opened directly runs no script, loads nothing and cannot reach the console's origin. */
const SVG_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'";

/** True when If-None-Match names this entity tag (or is `*`); weak tags compare equal (RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/**
 * GET /attachments/<sha256>: store images (app icons, screenshots, category icons) by content hash,
 * without authentication (they are shown in <img> tags) and never packages. ETag is the hash,
 * Content-Type the format found by decoding at upload, nosniff, immutable caching, 304 on
 * If-None-Match; an SVG also gets a sandboxing Content-Security-Policy. Unknown hashes are 404.
 */
export function mountAttachmentRoutes(app: express.Express, orm: MikroORM, attachments: AttachmentStore): void {
  app.get('/attachments/:sha256', async (req, res) => {
    const sha256 = req.params.sha256;
    const found = await attachments.served(orm.em.fork(), sha256);
    if (!found) return sendHttpError(res, 404, 'NOT_FOUND', 'No such attachment');
    const etag = `"${sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', IMMUTABLE);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (found.contentType === 'image/svg+xml') res.setHeader('Content-Security-Policy', SVG_POLICY);
    if (matches(req.headers['if-none-match'], etag)) return void res.status(304).end();
    res.setHeader('Content-Type', found.contentType);
    res.setHeader('Content-Length', String(found.data.length));
    res.status(200).end(found.data);
  });
}
