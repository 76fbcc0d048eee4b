import type { IncomingMessage, ServerResponse } from 'node:http';
import { KubeApiError } from '../api/api-errors';
import { parseFieldSelector } from '../api/field-selector';
import type { KubeObject } from '../api/kube-object.types';
import { parseLabelSelector } from '../api/label-selector';
import { apiVersionOf, groupResourceOf } from '../api/resource-type';
import type { ResourceService } from '../core/resource.service';
import { StoreError, type StoreEvent } from '../store/store.types';
import { sendError } from './http-io';
import type { ResponseForm } from './negotiation';
import type { ResourcePath } from './resource-path';
import { toTable } from './table.converter';

/** Tunables of watch streams. */
export interface WatchSettings {
  bookmarkIntervalMs: number;
  /** Used when the client sends no `timeoutSeconds`. */
  defaultTimeoutSeconds: number;
  onUnexpected(err: unknown): void;
  /** Registers an open stream so server shutdown can end it; returns the unregister function. */
  track(finish: () => void): () => void;
}

type WireType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Serves `?watch=true`: a chunked stream of `{"type","object"}` lines. Without a
 * resourceVersion (or with "0", or sendInitialEvents=true) it starts with ADDED events for the
 * current state; with one it replays retained history after it (410 Expired as an ERROR event
 * when compacted). Objects entering/leaving the selectors appear as ADDED/DELETED.
 */
export function serveWatch(
  svc: ResourceService,
  settings: WatchSettings,
  req: IncomingMessage,
  res: ServerResponse,
  path: ResourcePath,
  params: URLSearchParams,
  form: ResponseForm,
): void {
  const type = path.type;
  let labels: ReturnType<typeof parseLabelSelector>;
  let fields: ReturnType<typeof parseFieldSelector>;
  try {
    labels = parseLabelSelector(params.get('labelSelector'));
    const nameSel = path.name ? `metadata.name=${path.name}` : '';
    fields = parseFieldSelector([params.get('fieldSelector') ?? '', nameSel].filter(Boolean).join(','), type);
  } catch (err) {
    sendError(res, err, settings.onUnexpected);
    return;
  }
  const rvParam = params.get('resourceVersion') ?? '';
  const sendInitial = params.get('sendInitialEvents') === 'true';
  const bookmarks = params.get('allowWatchBookmarks') === 'true';
  if (rvParam !== '' && !/^\d+$/.test(rvParam)) {
    sendError(
      res,
      new KubeApiError('BadRequest', `resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`),
      settings.onUnexpected,
    );
    return;
  }
  const gr = groupResourceOf(type);
  const namespace = type.namespaced ? path.namespace : undefined;
  const matches = (o: Readonly<KubeObject>): boolean =>
    (namespace === undefined || o.metadata.namespace === namespace) &&
    labels.matches(o.metadata.labels) &&
    fields.matches(o as KubeObject);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const write = (wire: WireType, obj: unknown): void => {
    const object =
      form.table && (wire === 'ADDED' || wire === 'MODIFIED' || wire === 'DELETED')
        ? toTable(type, [obj as KubeObject], form.includeObject, {
            resourceVersion: (obj as KubeObject).metadata.resourceVersion ?? '',
          })
        : obj;
    res.write(`${JSON.stringify({ type: wire, object })}\n`);
  };
  const present = (o: Readonly<KubeObject>): KubeObject => svc.present(type, o as KubeObject);
  const bookmark = (extra?: Record<string, string>): void =>
    write('BOOKMARK', {
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(svc.store.revision), ...(extra ? { annotations: extra } : {}) },
    });

  const onEvent = (e: StoreEvent): void => {
    if (e.key.groupResource !== gr) return;
    const now = matches(e.object);
    const before = e.previous ? matches(e.previous) : false;
    if (e.type === 'ADDED' && now) write('ADDED', present(e.object));
    else if (e.type === 'DELETED' && now) write('DELETED', present(e.object));
    else if (e.type === 'MODIFIED') {
      if (now && before) write('MODIFIED', present(e.object));
      else if (now) write('ADDED', present(e.object));
      else if (before) write('DELETED', present(e.object));
    }
  };

  let subscription: { close(): void } | undefined;
  try {
    if (rvParam === '' || rvParam === '0' || sendInitial) {
      const current = svc.store.list(gr, namespace).filter(matches);
      const at = svc.store.revision;
      for (const o of current) write('ADDED', present(o));
      if (sendInitial && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
      subscription = svc.store.subscribe(onEvent, at);
    } else {
      subscription = svc.store.subscribe(onEvent, Number(rvParam));
    }
  } catch (err) {
    if (err instanceof StoreError && err.code === 'Expired') {
      write('ERROR', new KubeApiError('Expired', err.message).toStatus());
      res.end();
      return;
    }
    throw err;
  }
  const timeoutSeconds =
    Number(params.get('timeoutSeconds') ?? settings.defaultTimeoutSeconds) || settings.defaultTimeoutSeconds;
  const timers: NodeJS.Timeout[] = [setTimeout(() => finish(), timeoutSeconds * 1000)];
  if (bookmarks) timers.push(setInterval(() => bookmark(), settings.bookmarkIntervalMs));
  let finished = false;
  let untrack = (): void => undefined;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    untrack();
    subscription?.close();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  untrack = settings.track(finish);
  req.on('close', finish);
  res.on('close', finish);
}
