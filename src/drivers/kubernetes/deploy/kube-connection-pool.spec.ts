import { DriverError } from '../../../jobs/errors';
import type { KubeConnection } from '../kube-connection.types';
import { FakeKube } from './testing/fake-kube';
import { isConnectionFault, KubeConnectionPool } from './kube-connection-pool';

const REF = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'prod' };

/** Connections that count their closes and fail `get` with `failWith` when set. */
function opener() {
  const opened: { closed: number }[] = [];
  let failWith: Error | null = null;
  const open = async (): Promise<KubeConnection> => {
    const state = { closed: 0 };
    opened.push(state);
    const conn = new FakeKube().connection();
    return {
      ...conn,
      get: async (ref) => {
        if (failWith) throw failWith;
        return conn.get(ref);
      },
      close: () => {
        state.closed++;
      },
    };
  };
  return { open, opened, fail: (err: Error | null) => (failWith = err) };
}

describe('KubeConnectionPool', () => {
  let clock = 0;
  const pool = (over: Partial<ConstructorParameters<typeof KubeConnectionPool>[0]> = {}) =>
    new KubeConnectionPool({ maxEntries: 2, idleMs: 60_000, maxAgeMs: 600_000, now: () => clock, ...over });

  beforeEach(() => {
    clock = 0;
  });

  it('shares one connection per runtime and credential; a lease closes nothing', async () => {
    const o = opener();
    const p = pool();
    const a = await p.lease('r1', 'f1', o.open);
    const b = await p.lease('r1', 'f1', o.open);
    a.close();
    a.close();
    b.close();
    const c = await p.lease('r1', 'f1', o.open);
    c.close();
    expect(o.opened).toEqual([{ closed: 0 }]);
    expect(p.size).toBe(1);
  });

  it('opens a new connection when the credential changed, closing the old one once its leases are back', async () => {
    const o = opener();
    const p = pool();
    const old = await p.lease('r1', 'f1', o.open);
    const fresh = await p.lease('r1', 'f2', o.open);
    expect(o.opened).toHaveLength(2);
    expect(o.opened[0].closed).toBe(0); // still in use
    old.close();
    expect(o.opened[0].closed).toBe(1);
    fresh.close();
    expect(o.opened[1].closed).toBe(0);
  });

  it('retires a connection after a connection-level failure, not after a request failure', async () => {
    const o = opener();
    const p = pool();
    const lease = await p.lease('r1', 'f1', o.open);
    o.fail(new DriverError('KUBE_NOT_FOUND', 'gone', false));
    await expect(lease.get(REF)).rejects.toThrow('gone');
    o.fail(new DriverError('KUBE_UNREACHABLE', 'down', true));
    await expect(lease.get(REF)).rejects.toThrow('down');
    expect(p.size).toBe(0);
    lease.close();
    expect(o.opened[0].closed).toBe(1);
    o.fail(null);
    (await p.lease('r1', 'f1', o.open)).close();
    expect(o.opened).toHaveLength(2);
  });

  it('is bounded: the least recently used runtime is retired first', async () => {
    const o = opener();
    const p = pool();
    (await p.lease('r1', 'f', o.open)).close();
    (await p.lease('r2', 'f', o.open)).close();
    (await p.lease('r1', 'f', o.open)).close();
    (await p.lease('r3', 'f', o.open)).close();
    expect(p.size).toBe(2);
    expect(o.opened.map((c) => c.closed)).toEqual([0, 1, 0]);
  });

  it('replaces a connection older than maxAgeMs', async () => {
    const o = opener();
    const p = pool({ maxAgeMs: 1000 });
    (await p.lease('r1', 'f', o.open)).close();
    clock = 1000;
    (await p.lease('r1', 'f', o.open)).close();
    expect(o.opened.map((c) => c.closed)).toEqual([1, 0]);
  });

  it('closes a connection idle for idleMs', async () => {
    jest.useFakeTimers();
    try {
      const o = opener();
      const p = pool({ idleMs: 500 });
      (await p.lease('r1', 'f', o.open)).close();
      jest.advanceTimersByTime(499);
      expect(o.opened[0].closed).toBe(0);
      jest.advanceTimersByTime(1);
      await Promise.resolve();
      expect(o.opened[0].closed).toBe(1);
      expect(p.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never shares a failed connect', async () => {
    const p = pool();
    const refused = new DriverError('SSRF_BLOCKED', 'blocked', false);
    await expect(p.lease('r1', 'f', () => Promise.reject(refused))).rejects.toBe(refused);
    expect(p.size).toBe(0);
  });

  it('classifies connection faults', () => {
    expect(isConnectionFault(new DriverError('KUBE_TLS', 'x', false))).toBe(true);
    expect(isConnectionFault(new DriverError('KUBE_CONFLICT', 'x', false))).toBe(false);
    expect(isConnectionFault(new Error('x'))).toBe(false);
  });
});
