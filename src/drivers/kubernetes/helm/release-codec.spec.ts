import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadChart, renderChart } from '@marina/helm';
import { decodeRelease, encodeRelease, releaseFromJson, releaseToJson, ReleaseDecodeError } from './release-codec';
import { buildRelease } from './release-from-chart';

const testdata = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'helm-release');
const helm3Json = readFileSync(join(testdata, 'helm-3.17.3-install.release.json'), 'utf8');
const helm4Json = readFileSync(join(testdata, 'helm-4.1.4-install.release.json'), 'utf8');

function demoRelease(name: string) {
  const chart = loadChart(join(testdata, 'demo-chart'));
  const render = renderChart(chart, { releaseName: name, namespace: 'default', values: { greeting: 'hi' } });
  return buildRelease({
    name,
    namespace: 'default',
    version: 1,
    chart,
    config: { greeting: 'hi' },
    render,
    status: 'deployed',
    description: 'Install complete',
    now: new Date('2026-12-06T15:52:30.612Z'),
    applyMethod: 'ssa',
  });
}

describe('release codec', () => {
  it('reads a record helm 3.17.3 wrote (zero times as "", no apply_method)', () => {
    const r = releaseFromJson(helm3Json);
    expect(r).toMatchObject({
      name: 'r3',
      namespace: 'default',
      version: 1,
      applyMethod: null,
      config: { greeting: 'hi' },
    });
    expect(r.info).toMatchObject({
      status: 'deployed',
      description: 'Install complete',
      deleted: null,
      notes: 'Hi r3\n',
    });
    expect(r.info.firstDeployed).toBe('2026-12-06T16:11:49.496915857Z');
    expect(r.chart?.metadata).toEqual({
      name: 'demo',
      version: '0.1.0',
      description: 'small demo',
      apiVersion: 'v2',
      appVersion: '1.0',
    });
    expect(r.chart?.files.map((f) => [f.name, f.data.toString()])).toEqual([['README.md', 'readme\n']]);
    expect(r.hooks).toEqual([
      expect.objectContaining({
        name: 'r3-pre',
        kind: 'Job',
        events: ['pre-install', 'pre-upgrade'],
        weight: -1,
        deletePolicies: ['hook-succeeded'],
      }),
    ]);
    expect(r.hooks[0].lastRun.phase).toBe('Succeeded');
  });

  it('reads a record helm 4.1.4 wrote (apply_method, omitted zero times, modtimes dropped)', () => {
    const r = releaseFromJson(helm4Json);
    expect(r.applyMethod).toBe('ssa');
    expect(r.info.deleted).toBeNull();
    expect(r.chart?.templates.map((t) => t.name)).toEqual([
      'templates/NOTES.txt',
      'templates/cm.yaml',
      'templates/deploy.yaml',
      'templates/hook.yaml',
    ]);
  });

  it('builds from a loaded chart exactly the chart, config, manifest and hooks helm 3.17.3 stored', () => {
    const ours = JSON.parse(releaseToJson(demoRelease('r3')));
    const helms = JSON.parse(helm3Json);
    expect(ours.chart).toEqual(helms.chart);
    expect(ours.config).toEqual(helms.config);
    expect(ours.manifest).toBe(helms.manifest);
    const noRun = (hs: Array<Record<string, unknown>>) => hs.map(({ last_run: _, ...h }) => h);
    expect(noRun(ours.hooks)).toEqual(noRun(helms.hooks));
    expect(Object.keys(ours)).toEqual([...Object.keys(helms), 'apply_method']);
    expect(Object.keys(ours.info)).toEqual(Object.keys(helms.info));
  });

  it('round-trips through Helm storage form: base64 of gzip (best compression) JSON', () => {
    const rel = demoRelease('web');
    const payload = encodeRelease(rel);
    expect(Buffer.from(payload, 'base64').subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    expect(decodeRelease(payload)).toEqual(rel);
  });

  it('accepts plain (not gzipped) JSON, as Helm does for old records', () => {
    expect(decodeRelease(Buffer.from(helm3Json).toString('base64')).name).toBe('r3');
  });

  it('rejects what is not a release with a typed, non-retryable error', () => {
    const cases = [
      Buffer.from('not json').toString('base64'),
      Buffer.from('{"info":{}}').toString('base64'),
      gzipSync(Buffer.from('{"name":"x","info":{"status":"weird"}}')).toString('base64'),
      Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0]), Buffer.from('garbage')]).toString('base64'),
    ];
    for (const c of cases) {
      const err = (() => {
        try {
          decodeRelease(c);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ReleaseDecodeError);
      expect(err).toMatchObject({ code: 'HELM_RELEASE_CORRUPT', retryable: false });
    }
  });

  it('writes maps with sorted keys and omits what Helm omits', () => {
    const rel = { ...demoRelease('web'), config: { b: 1, a: { d: 1, c: 2 } }, hooks: [], manifest: '' };
    const json = releaseToJson(rel);
    expect(json).toContain('"config":{"a":{"c":2,"d":1},"b":1}');
    expect(json).not.toContain('"hooks"');
    expect(json).not.toContain('"manifest"');
    expect(JSON.parse(json).info.deleted).toBe('');
  });
});
