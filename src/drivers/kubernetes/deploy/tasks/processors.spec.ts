import { DriverError } from '../../../../jobs/errors';
import type { ProcessorEvent } from '../../../../jobs/job.types';
import type { Readiness, ResourceStatus } from '../../../runtime-driver.types';
import type { KubeObject } from '../../kube-object.types';
import type { DeployPorts, ReleaseRevision } from '../deploy-ports';
import { FakeKube, FakeReleases, fakeContext, fakePorts } from '../testing/fake-kube';
import { applyProcessor, kindGroups } from './apply.task';
import { hooksProcessor } from './hooks.task';
import { releaseProcessor } from './release.task';
import type { RenderedRelease } from './render.task';
import { scaleProcessor, STOPPED_REPLICAS_ANNOTATION } from './scale.task';
import { HOLD_MS, waitProcessor } from './wait.task';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n';

const revision = (version: number, status: ReleaseRevision['status'], instanceId: string | null = 'i-1') => ({
  name: 'web',
  namespace: 'prod',
  version,
  status,
  manifest: DEPLOYMENT,
  hooks: [],
  instanceId,
  applyMethod: 'ssa' as const,
});

const rendered = (over: Partial<RenderedRelease> = {}): RenderedRelease => ({
  mode: 'install',
  chart: { name: 'web', version: '1.0.0', appVersion: '1' },
  manifest: DEPLOYMENT,
  objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }],
  hooks: [],
  notes: '',
  removedValueKeys: [],
  manifestDigest: 'd',
  ...over,
});

describe('scale', () => {
  const deployment = (replicas: number, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prod', annotations },
    spec: { replicas },
  });

  it('records the count, scales to 0, and a re-run keeps the recorded count', async () => {
    const kube = new FakeKube();
    kube.put(deployment(3));
    const ports = fakePorts(kube, new FakeReleases([revision(1, 'deployed')]));
    const first = await scaleProcessor(ports)(fakeContext({ op: { action: 'stop' }, input: { direction: 'down' } }));
    expect(first).toEqual({ type: 'done', result: { replicas: { 'Deployment/web': 3 } } });
    expect(kube.find('Deployment', 'web')?.spec).toEqual({ replicas: 0 });
    const again = await scaleProcessor(ports)(fakeContext({ op: { action: 'stop' }, input: { direction: 'down' } }));
    expect(again).toEqual(first);
    expect(kube.calls.filter((c) => c.startsWith('scale'))).toEqual(['scale Deployment/web 0']);
  });

  it('restores the recorded count on start', async () => {
    const kube = new FakeKube();
    kube.put(deployment(0, { [STOPPED_REPLICAS_ANNOTATION]: '3' }));
    const ports = fakePorts(kube, new FakeReleases([revision(1, 'deployed')]));
    const result = await scaleProcessor(ports)(fakeContext({ op: { action: 'start' }, input: { direction: 'up' } }));
    expect(result).toEqual({ type: 'done', result: { replicas: { 'Deployment/web': 3 } } });
    expect(kube.find('Deployment', 'web')?.spec).toEqual({ replicas: 3 });
  });
});

describe('wait', () => {
  const res = (health: ResourceStatus['health']): ResourceStatus => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'web',
    namespace: 'prod',
    ready: health === 'HEALTHY' ? 3 : 1,
    desired: 3,
    health,
    message: null,
  });
  const input = { objects: 'render', pollMs: 50 };

  it('re-schedules while progressing and emits a health change once', async () => {
    const kube = new FakeKube();
    kube.readiness = { state: 'progressing', resources: [res('PROGRESSING')], message: 'web 1/3' };
    const events: ProcessorEvent[] = [];
    const ports = fakePorts(kube, new FakeReleases());
    const first = await waitProcessor(ports)(fakeContext({ input, upstream: { render: rendered() }, events }));
    expect(first).toMatchObject({
      type: 'reschedule',
      delayMs: 50,
      state: { health: { 'Deployment/web': 'PROGRESSING' } },
    });
    const state = (first as { state: Record<string, unknown> }).state;
    const second = await waitProcessor(ports)(fakeContext({ input, state, upstream: { render: rendered() }, events }));
    expect(second.type).toBe('reschedule');
    expect(events.map((e) => e.status)).toEqual(['PROGRESSING']);
    kube.readiness = { state: 'ready', resources: [res('HEALTHY')] };
    const third = await waitProcessor(ports)(fakeContext({ input, state, upstream: { render: rendered() }, events }));
    expect(third.type).toBe('done');
    expect(events.map((e) => e.message)).toEqual(['Deployment/web 1/3 PROGRESSING', 'Deployment/web 3/3 HEALTHY']);
  });

  /** Ports whose readiness answers `answers` in turn (the last one again and again); `checks` counts them. */
  function scripted(answers: Readiness[]) {
    const kube = new FakeKube();
    const calls = { checks: 0 };
    const base = fakePorts(kube, new FakeReleases());
    const ports: DeployPorts = {
      ...base,
      connect: async () => ({
        ...kube.connection(),
        readiness: async () => answers[Math.min(calls.checks++, answers.length - 1)],
      }),
    };
    return { ports, calls };
  }

  it('checks again within one execution, quickly at first, and ends as soon as the objects are ready', async () => {
    const progressing: Readiness = { state: 'progressing', resources: [res('PROGRESSING')], message: 'web 1/3' };
    const { ports, calls } = scripted([progressing, progressing, { state: 'ready', resources: [res('HEALTHY')] }]);
    // Gaps of pollMs (a minute) would not fit in HOLD_MS: the task would re-schedule, not finish.
    const outcome = await waitProcessor(ports)(
      fakeContext({ input: { objects: 'render', pollMs: 60_000 }, upstream: { render: rendered() } }),
    );
    expect(outcome.type).toBe('done');
    expect(calls.checks).toBe(3);
  });

  it('hands its worker slot back after HOLD_MS with the grown gap, and a cancellation ends the gap at once', async () => {
    const progressing: Readiness = { state: 'progressing', resources: [res('PROGRESSING')], message: 'web 1/3' };
    const { ports, calls } = scripted([progressing]);
    const ctx = () => fakeContext({ input: { objects: 'render', pollMs: 400 }, upstream: { render: rendered() } });
    const outcome = await waitProcessor(ports)(ctx());
    expect(outcome).toMatchObject({ type: 'reschedule', delayMs: 400, state: { gapMs: 400 } });
    expect(calls.checks).toBeGreaterThan(3);

    // A 2 s gap fits in HOLD_MS, so without the abort the task would check a second time.
    const abort = new AbortController();
    const before = calls.checks;
    const cancelled = waitProcessor(ports)(
      fakeContext({
        input: { objects: 'render', pollMs: 60_000 },
        state: { since: new Date().toISOString(), health: {}, gapMs: 2000 },
        upstream: { render: rendered() },
        signal: abort.signal,
      }),
    );
    setTimeout(() => abort.abort(new Error('cancelled')), 20);
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(calls.checks - before).toBe(1);
  });

  it('fails without retry with the readiness reason, and after the operation timeout', async () => {
    const kube = new FakeKube();
    const ports = fakePorts(kube, new FakeReleases());
    kube.readiness = { state: 'failed', resources: [], reason: 'ImagePullBackOff on container web: image x' };
    const failed = waitProcessor(ports)(fakeContext({ input, upstream: { render: rendered() } }));
    await expect(failed).rejects.toMatchObject({ code: 'NOT_READY', retryable: false, message: /ImagePullBackOff/ });
    kube.readiness = { state: 'progressing', resources: [], message: 'web 1/3' };
    const state = { since: new Date(Date.now() - 61_000).toISOString(), health: {} };
    const late = waitProcessor(ports)(fakeContext({ input, state, upstream: { render: rendered() } }));
    await expect(late).rejects.toMatchObject({ code: 'READY_TIMEOUT', message: 'not ready after 60 s: web 1/3' });
  });
});

describe('release', () => {
  const ctx = (upstream = { render: rendered() }, op = {}) => fakeContext({ input: { step: 'pending' }, upstream, op });

  it('refuses a name another owner holds', async () => {
    const releases = new FakeReleases([revision(1, 'deployed', null)]);
    const result = releaseProcessor(fakePorts(new FakeKube(), releases))(ctx());
    await expect(result).rejects.toBeInstanceOf(DriverError);
    await expect(result).rejects.toMatchObject({ code: 'NAME_TAKEN' });
  });

  it('fails abandoned pending records and keeps an existing record of its revision', async () => {
    const releases = new FakeReleases([revision(1, 'deployed'), revision(2, 'pending-upgrade'), revision(3, 'failed')]);
    const ports = fakePorts(new FakeKube(), releases);
    const result = await releaseProcessor(ports)(
      ctx({ render: rendered({ mode: 'upgrade' }) }, { action: 'upgrade', revision: 3 }),
    );
    expect(result).toEqual({
      type: 'done',
      result: { status: 'failed', abandoned: [2], previous: { version: 1, applyMethod: 'ssa', manifest: DEPLOYMENT } },
    });
    expect((await releases.history()).map((r) => r.status)).toEqual(['deployed', 'failed', 'failed']);
  });
});

describe('hooks', () => {
  const job = (name: string, weight: number) => ({
    name,
    kind: 'Job',
    path: `web/templates/${name}.yaml`,
    manifest: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n`,
    events: ['pre-install' as const],
    weight,
    deletePolicies: ['hook-succeeded'],
  });

  it('runs hooks one at a time and resumes at the one it was waiting on', async () => {
    const kube = new FakeKube();
    const ports = fakePorts(kube, new FakeReleases());
    const upstream = { render: rendered({ hooks: [job('second', 5), job('first', 0)] }) };
    const input = { phase: 'pre', pollMs: 20 };
    const first = await hooksProcessor(ports)(fakeContext({ input, upstream }));
    expect(first).toMatchObject({ type: 'reschedule', state: { index: 0, created: true } });
    expect(kube.calls).toEqual(['apply Job/first']);
    kube.find('Job', 'first')!.status = { conditions: [{ type: 'Complete', status: 'True' }] };
    const state = (first as { state: Record<string, unknown> }).state;
    const second = await hooksProcessor(ports)(fakeContext({ input, upstream, state }));
    expect(second).toMatchObject({ type: 'reschedule', state: { index: 1, created: true } });
    expect(kube.calls).toEqual(['apply Job/first', 'apply Job/second']);
    kube.find('Job', 'second')!.status = { conditions: [{ type: 'Complete', status: 'True' }] };
    const next = (second as { state: Record<string, unknown> }).state;
    const third = await hooksProcessor(ports)(fakeContext({ input, upstream, state: next }));
    expect(third).toEqual({ type: 'done', result: { event: 'pre-install', hooks: ['Job/first', 'Job/second'] } });
    // hook-succeeded objects go once every hook of the event succeeded, in reverse order.
    expect(kube.calls.slice(2)).toEqual(['remove Job/second', 'remove Job/first']);
  });

  it("fails with the hook's reason", async () => {
    const kube = new FakeKube();
    const ports = fakePorts(kube, new FakeReleases());
    kube.put({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'first' },
      status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] },
    });
    const upstream = { render: rendered({ hooks: [job('first', 0)] }) };
    const state = { index: 0, created: true, since: new Date().toISOString() };
    const run = hooksProcessor(ports)(fakeContext({ input: { phase: 'pre' }, upstream, state }));
    await expect(run).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: /pre-install hook Job\/first failed: job first failed: BackoffLimitExceeded/,
    });
  });
});

describe('apply', () => {
  const obj = (kind: string, name: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name } });

  it('groups consecutive objects of one kind', () => {
    const groups = kindGroups([obj('Secret', 'a'), obj('Secret', 'b'), obj('Service', 'c'), obj('Deployment', 'd')]);
    expect(groups.map((g) => g.map((o) => o.metadata.name))).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('refuses objects another release owns and applies nothing', async () => {
    const kube = new FakeKube();
    const owned = {
      ...obj('Service', 'web'),
      metadata: {
        name: 'web',
        annotations: { 'meta.helm.sh/release-name': 'other', 'meta.helm.sh/release-namespace': 'prod' },
      },
    };
    kube.put(owned);
    const ports = fakePorts(kube, new FakeReleases());
    const run = applyProcessor(ports)(
      fakeContext({
        upstream: {
          render: rendered({ objects: [obj('ConfigMap', 'cfg'), obj('Service', 'web')] }),
          release: { status: 'pending-install', abandoned: [], previous: null },
        },
      }),
    );
    await expect(run).rejects.toMatchObject({ code: 'KUBE_OWNERSHIP', message: /belongs to release "other"/ });
    expect(kube.calls).toEqual([]);
  });

  it('forces conflicts only after a client-side revision (as release found it), and emits progress in order', async () => {
    const applied: boolean[] = [];
    const kube = new FakeKube();
    const base = fakePorts(kube, new FakeReleases());
    const ports = {
      ...base,
      connect: async () => {
        const conn = kube.connection();
        return {
          ...conn,
          apply: async (o: KubeObject, ns: string | null, opts: { force: boolean }) => {
            applied.push(opts.force);
            return conn.apply(o, ns, { fieldManager: 'helm', force: opts.force });
          },
        };
      },
    };
    const events: ProcessorEvent[] = [];
    const objects = [obj('ConfigMap', 'a'), obj('Service', 'b'), obj('Deployment', 'c')];
    const previous = { version: 1, applyMethod: null, manifest: '' };
    const outcome = await applyProcessor(ports)(
      fakeContext({
        upstream: { render: rendered({ objects }), release: { status: 'pending-upgrade', abandoned: [], previous } },
        events,
      }),
    );
    expect(outcome).toEqual({ type: 'done', result: { applied: 3 } });
    expect(applied).toEqual([true, true, true]);
    expect(events.map((e) => e.progress)).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('reads the replaced revision from the history when the release result does not name it', async () => {
    const forced: boolean[] = [];
    const kube = new FakeKube();
    const releases = new FakeReleases([{ ...revision(1, 'deployed'), applyMethod: null }]);
    const ports = {
      ...fakePorts(kube, releases),
      connect: async () => {
        const conn = kube.connection();
        return {
          ...conn,
          apply: async (o: KubeObject, ns: string | null, opts: { force: boolean }) => {
            forced.push(opts.force);
            return conn.apply(o, ns, { fieldManager: 'helm', force: opts.force });
          },
        };
      },
    };
    await applyProcessor(ports)(
      fakeContext({
        op: { action: 'upgrade', revision: 2 },
        upstream: { render: rendered(), release: { status: 'pending-upgrade', abandoned: [] } },
      }),
    );
    expect(forced).toEqual([true]);
  });
});
