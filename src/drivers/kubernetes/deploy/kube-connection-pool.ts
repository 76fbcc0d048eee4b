/**
 * One worker process's shared cluster connections, one per runtime, so consecutive deploy tasks
 * reuse the TLS sockets and the API-resource (scope) cache instead of connecting per task.
 *
 * Guarantees:
 * - A lease is bound to the credential it was opened with: leasing a runtime whose kubeconfig
 *   (or trust) changed retires the old connection and opens a new one, so a changed credential is
 *   used from the next task on. The caller opens the credential on every lease; only the
 *   connection is shared.
 * - A connection whose call failed at the connection level (unreachable, TLS, 401, 403) is
 *   retired at once: the next lease connects afresh (and re-checks the server's address).
 * - Bounded: at most `maxEntries` runtimes (least recently used retired first); a connection is
 *   retired after `idleMs` unused or `maxAgeMs` in total. A retired connection is closed when
 *   its last lease is closed, never under a running call.
 * - `close()` of a lease returns it (the pooled connection stays open); closing twice is harmless.
 */
import { DriverError } from '../../../jobs/errors';
import type { KubeConnection } from '../kube-connection.types';

export interface PoolOptions {
  readonly maxEntries: number;
  readonly idleMs: number;
  readonly maxAgeMs: number;
  readonly now?: () => number;
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = { maxEntries: 32, idleMs: 60_000, maxAgeMs: 10 * 60_000 };

/** Failures after which the connection itself is suspect (address, TLS session, credential). */
const CONNECTION_FAULTS: ReadonlySet<string> = new Set([
  'KUBE_UNREACHABLE',
  'KUBE_TLS',
  'KUBE_UNAUTHORIZED',
  'KUBE_FORBIDDEN',
  'SSRF_BLOCKED',
]);

interface Entry {
  readonly fingerprint: string;
  readonly conn: Promise<KubeConnection>;
  readonly createdAt: number;
  /** Set once `conn` has resolved. */
  resolved?: KubeConnection;
  lastUsed: number;
  users: number;
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
}

export class KubeConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly opts: PoolOptions = DEFAULT_POOL_OPTIONS) {
    this.now = opts.now ?? Date.now;
  }

  /** Connections currently pooled (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * A lease on `key`'s connection for `fingerprint` (a digest of the credential it is opened
   * with); `open` connects when there is none to share. Rejects as `open` does.
   */
  async lease(key: string, fingerprint: string, open: () => Promise<KubeConnection>): Promise<KubeConnection> {
    const entry = this.entryFor(key, fingerprint, open);
    entry.users++;
    entry.lastUsed = this.now();
    clearTimeout(entry.idleTimer);
    let conn: KubeConnection;
    try {
      conn = await entry.conn;
    } catch (err) {
      entry.users--;
      this.retire(key, entry);
      throw err;
    }
    return leased(conn, {
      fault: () => this.retire(key, entry),
      release: () => this.release(key, entry),
    });
  }

  /** Retires every connection (each closes once its leases are closed). */
  closeAll(): void {
    for (const [key, entry] of [...this.entries]) this.retire(key, entry);
  }

  private entryFor(key: string, fingerprint: string, open: () => Promise<KubeConnection>): Entry {
    const found = this.entries.get(key);
    if (found && found.fingerprint === fingerprint && this.now() - found.createdAt < this.opts.maxAgeMs) {
      this.entries.delete(key); // re-inserted below: the map's order is least recently used first
      this.entries.set(key, found);
      return found;
    }
    if (found) this.retire(key, found);
    const entry: Entry = {
      fingerprint,
      conn: open(),
      createdAt: this.now(),
      lastUsed: this.now(),
      users: 0,
      retired: false,
    };
    entry.conn.then(
      (conn) => (entry.resolved = conn),
      () => this.retire(key, entry), // a failed connect is never shared
    );
    this.entries.set(key, entry);
    while (this.entries.size > this.opts.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.retire(oldestKey, oldest);
    }
    return entry;
  }

  private release(key: string, entry: Entry): void {
    entry.users--;
    entry.lastUsed = this.now();
    if (entry.retired) return this.closeIfUnused(entry);
    if (entry.users > 0) return;
    entry.idleTimer = setTimeout(() => this.retire(key, entry), this.opts.idleMs);
    entry.idleTimer.unref();
  }

  private retire(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    clearTimeout(entry.idleTimer);
    if (entry.retired) return;
    entry.retired = true;
    this.closeIfUnused(entry);
  }

  private closeIfUnused(entry: Entry): void {
    if (entry.users > 0) return;
    if (entry.resolved) return entry.resolved.close();
    entry.conn.then(
      (conn) => conn.close(),
      () => undefined, // never connected: nothing to close (the lease that opened it got the error)
    );
  }
}

/** True when `err` says the connection (address, TLS, credential) rather than the request is at fault. */
export function isConnectionFault(err: unknown): boolean {
  return err instanceof DriverError && CONNECTION_FAULTS.has(err.code);
}

/** `conn` for one lease: calls report connection faults; `close()` gives the lease back once. */
function leased(conn: KubeConnection, on: { fault: () => void; release: () => void }): KubeConnection {
  let open = true;
  const watch =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        if (isConnectionFault(err)) on.fault();
        throw err;
      }
    };
  return {
    serverVersion: watch(() => conn.serverVersion()),
    apiVersions: watch(() => conn.apiVersions()),
    namespaces: watch(() => conn.namespaces()),
    ensureNamespace: watch((name, labels) => conn.ensureNamespace(name, labels)),
    get: watch((ref) => conn.get(ref)),
    list: watch((apiVersion, kind, namespace, selector) => conn.list(apiVersion, kind, namespace, selector)),
    apply: watch((obj, ns, opts) => conn.apply(obj, ns, opts)),
    create: watch((obj, ns) => conn.create(obj, ns)),
    replace: watch((obj) => conn.replace(obj)),
    remove: watch((ref, propagation) => conn.remove(ref, propagation)),
    scale: watch((ref, replicas) => conn.scale(ref, replicas)),
    readiness: watch((refs, opts) => conn.readiness(refs, opts)),
    describe: watch((refs) => conn.describe(refs)),
    lookup: watch((apiVersion, kind, namespace, name) => conn.lookup(apiVersion, kind, namespace, name)),
    close: () => {
      if (!open) return;
      open = false;
      on.release();
    },
  };
}
