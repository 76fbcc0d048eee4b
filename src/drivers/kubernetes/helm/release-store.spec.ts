import { join } from 'node:path';
import { loadChart, renderChart } from '@marina/helm';
import { DriverError } from '../../../jobs/errors';
import type { KubeObject, ObjectRef } from '../kube-object.types';
import { buildRelease } from './release-from-chart';
import { MARINA_OWNER_LABEL, ReleaseStore, releaseNameTaken, type ReleaseClient } from './release-store';
import type { HelmRelease } from './helm-release.types';

/** Secrets in memory with the connection's create/replace conflict semantics. */
class MemorySecrets implements ReleaseClient {
  readonly objects = new Map<string, KubeObject>();
  private rv = 0;
  /** Called before a replace is stored (lets a test race a writer in). */
  beforeReplace?: () => void;
  private key = (ns: string | null | undefined, name: string) => `${ns}/${name}`;
  async get(ref: ObjectRef) {
    const o = this.objects.get(this.key(ref.namespace, ref.name));
    return o ? structuredClone(o) : null;
  }
  async list(_a: string, _k: string, ns: string | null, selector?: string) {
    const want = (selector ?? '')
      .split(',')
      .filter(Boolean)
      .map((s) => s.split('='));
    return [...this.objects.values()]
      .filter((o) => o.metadata.namespace === ns && want.every(([k, v]) => o.metadata.labels?.[k] === v))
      .map((o) => structuredClone(o));
  }
  async create(obj: KubeObject, ns: string | null) {
    const k = this.key(obj.metadata.namespace ?? ns, obj.metadata.name);
    if (this.objects.has(k)) throw new DriverError('KUBE_CONFLICT', 'already exists', false);
    const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    this.objects.set(k, stored);
    return structuredClone(stored);
  }
  async replace(obj: KubeObject) {
    this.beforeReplace?.();
    const k = this.key(obj.metadata.namespace, obj.metadata.name);
    const cur = this.objects.get(k);
    if (!cur || cur.metadata.resourceVersion !== obj.metadata.resourceVersion)
      throw new DriverError('KUBE_CONFLICT', 'the object has been modified', false);
    const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    this.objects.set(k, stored);
    return structuredClone(stored);
  }
  async remove(ref: ObjectRef) {
    return this.objects.delete(this.key(ref.namespace, ref.name)) ? ('deleted' as const) : ('absent' as const);
  }
}

const chart = loadChart(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'helm-release', 'demo-chart'));
const clock = () => new Date('2026-12-06T16:00:00Z');

function revision(version: number, greeting = 'hi', owner = 'inst-1'): HelmRelease {
  const render = renderChart(chart, { releaseName: 'web', namespace: 'apps', values: { greeting }, revision: version });
  return buildRelease({
    name: 'web',
    namespace: 'apps',
    version,
    chart,
    config: { greeting },
    render,
    status: version === 1 ? 'pending-install' : 'pending-upgrade',
    description: version === 1 ? 'Initial install underway' : 'Preparing upgrade',
    now: clock(),
    applyMethod: 'ssa',
    labels: { [MARINA_OWNER_LABEL]: owner },
  });
}

describe('ReleaseStore', () => {
  let client: MemorySecrets;
  let store: ReleaseStore;
  beforeEach(() => {
    client = new MemorySecrets();
    store = new ReleaseStore(client, 'apps', { now: clock });
  });

  it('writes the Secret as Helm does: name, type, system labels with createdAt, double base64', async () => {
    await store.write(revision(1));
    const s = client.objects.get('apps/sh.helm.release.v1.web.v1') as KubeObject;
    expect(s.type).toBe('helm.sh/release.v1');
    expect(s.metadata.labels).toEqual({
      name: 'web',
      owner: 'helm',
      status: 'pending-install',
      version: '1',
      createdAt: String(Date.parse('2026-12-06T16:00:00Z') / 1000),
      [MARINA_OWNER_LABEL]: 'inst-1',
    });
    const inner = Buffer.from((s.data as { release: string }).release, 'base64').toString();
    expect(Buffer.from(inner, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('writing the same revision again returns the stored one and creates nothing', async () => {
    expect((await store.write(revision(1))).created).toBe(true);
    await store.setStatus('web', 1, 'deployed', 'Install complete');
    const again = await store.write(revision(1));
    expect(again.created).toBe(false);
    expect(again.release.info.status).toBe('deployed');
    expect(client.objects.size).toBe(1);
  });

  it('refuses a different record at a taken revision', async () => {
    await store.write(revision(1));
    await expect(store.write(revision(1, 'other'))).rejects.toMatchObject({
      code: 'HELM_REVISION_EXISTS',
      retryable: false,
    });
  });

  it('reads history oldest first, latest, deployed; supersedes the older deployed one', async () => {
    await store.write(revision(1));
    await store.setStatus('web', 1, 'deployed', 'Install complete');
    await store.write(revision(2, 'hey'));
    await store.setStatus('web', 2, 'deployed', 'Upgrade complete');
    expect(await store.supersedeDeployed('web', 2)).toEqual([1]);
    expect((await store.history('web')).map((r) => [r.version, r.info.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    expect((await store.latest('web'))?.version).toBe(2);
    expect((await store.deployed('web'))?.config).toEqual({ greeting: 'hey' });
    const s1 = client.objects.get('apps/sh.helm.release.v1.web.v1') as KubeObject;
    expect(s1.metadata.labels).toMatchObject({
      status: 'superseded',
      modifiedAt: expect.any(String),
      createdAt: expect.any(String),
    });
  });

  it('refuses an illegal status change and leaves the record as it was', async () => {
    await store.write(revision(1));
    await store.setStatus('web', 1, 'uninstalled', 'Uninstallation complete');
    await expect(store.setStatus('web', 1, 'deployed', 'x')).rejects.toMatchObject({ code: 'HELM_ILLEGAL_STATUS' });
    const r = await store.get('web', 1);
    expect(r?.info.status).toBe('uninstalled');
    expect(r?.info.deleted).toBe('2026-12-06T16:00:00.000Z');
  });

  it('re-reads and re-applies a change when another writer won the race', async () => {
    await store.write(revision(1));
    let raced = false;
    client.beforeReplace = () => {
      if (raced) return;
      raced = true;
      const s = client.objects.get('apps/sh.helm.release.v1.web.v1') as KubeObject;
      s.metadata.resourceVersion = 'bumped';
    };
    const r = await store.setStatus('web', 1, 'failed', 'Release "web" failed: boom');
    expect(raced).toBe(true);
    expect(r.info.status).toBe('failed');
    expect((await store.get('web', 1))?.info.description).toBe('Release "web" failed: boom');
  });

  it("records a hook run and Helm's default delete policy", async () => {
    await store.write(revision(1));
    const run = { startedAt: '2026-12-06T16:00:01Z', completedAt: '2026-12-06T16:00:02Z', phase: 'Succeeded' as const };
    await store.setHookRun('web', 1, { kind: 'Job', name: 'web-pre' }, run);
    expect((await store.get('web', 1))?.hooks[0].lastRun).toEqual(run);
    await expect(store.setHookRun('web', 1, { kind: 'Job', name: 'nope' }, run)).rejects.toMatchObject({
      code: 'HELM_HOOK_NOT_FOUND',
    });
  });

  it('tells whether a name is held by another release', async () => {
    expect(await releaseNameTaken(client, 'web', 'apps', 'inst-1')).toBe(false);
    await store.write(revision(1));
    expect(await releaseNameTaken(client, 'web', 'apps', 'inst-1')).toBe(false);
    expect(await releaseNameTaken(client, 'web', 'apps', 'inst-2')).toBe(true);
    expect(await releaseNameTaken(client, 'web', 'apps')).toBe(true);
    expect(await releaseNameTaken(client, 'web', 'other')).toBe(false);
  });

  it('skips and reports unreadable Secrets in history; purge removes every revision', async () => {
    const seen: string[] = [];
    store = new ReleaseStore(client, 'apps', { now: clock, onCorrupt: (n) => seen.push(n) });
    await store.write(revision(1));
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'sh.helm.release.v1.web.v2', namespace: 'apps', labels: { name: 'web', owner: 'helm' } },
        data: { release: Buffer.from('garbage').toString('base64') },
      },
      'apps',
    );
    expect((await store.history('web')).map((r) => r.version)).toEqual([1]);
    expect(seen).toEqual(['sh.helm.release.v1.web.v2']);
    expect(await store.purge('web')).toBe(2);
    expect(client.objects.size).toBe(0);
  });

  it('refuses a record for another namespace', async () => {
    await expect(store.write({ ...revision(1), namespace: 'x' })).rejects.toMatchObject({
      code: 'HELM_WRONG_NAMESPACE',
    });
  });
});
