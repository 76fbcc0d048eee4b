/**
 * Kube sandbox latency, through the real @kubernetes/client-node over HTTPS, one process.
 * Prints:
 *  - write → watch event: from issuing a ConfigMap create/patch to the watch event arriving at a watcher
 *  - the same with 10 concurrent watchers (fan-out; latency of the slowest watcher per write)
 *  - plain request latency: GET one object, LIST 200 objects, create (client-node), and GET over a
 *    bare keep-alive HTTPS agent (server cost without client-node's per-request connection setup)
 * Run: `npm run bench -- kube-sandbox`.
 */
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { clientNode as k8s, startKubeSandbox } from '@marina/kube-sandbox';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const fmt = (values: number[]): string =>
  `p50 ${percentile(values, 50).toFixed(2)} ms  p95 ${percentile(values, 95).toFixed(2)} ms  p99 ${percentile(values, 99).toFixed(2)} ms  max ${Math.max(...values).toFixed(2)} ms  (n=${values.length})`;

type Waiter = { name: string; remaining: number; resolve: () => void };

/** Write → event latency without client-node: one raw watch stream, raw keep-alive POSTs. */
async function rawWriteToEvent(url: string, token: string, ca: string, n: number): Promise<number[]> {
  const agent = new https.Agent({ keepAlive: true, ca });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const pending = new Map<string, () => void>();
  let buffered = '';
  const stream = https.get(
    `${url}/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=0`,
    { ca, headers },
    (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name;
          pending.get(name)?.();
          pending.delete(name);
        }
      });
    },
  );
  stream.on('error', () => undefined);
  const post = (name: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        `${url}/api/v1/namespaces/bench/configmaps`,
        { method: 'POST', agent, headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }));
    });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `raw-${i}`;
    const arrived = new Promise<void>((resolve) => pending.set(name, resolve));
    const t0 = performance.now();
    await Promise.all([post(name), arrived]);
    out.push(performance.now() - t0);
  }
  stream.destroy();
  agent.destroy();
  return out;
}

async function main(): Promise<void> {
  const sandbox = await startKubeSandbox();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sandbox.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'bench' } } });

  const waiters = new Map<string, Waiter>();
  const watch = async (): Promise<AbortController> =>
    new k8s.Watch(kc).watch(
      '/api/v1/namespaces/bench/configmaps',
      {
        resourceVersion: String((await core.listNamespacedConfigMap({ namespace: 'bench' })).metadata?.resourceVersion),
      },
      (_type, obj: { metadata?: { name?: string } }) => {
        const w = waiters.get(String(obj.metadata?.name));
        if (w && --w.remaining === 0) {
          waiters.delete(w.name);
          w.resolve();
        }
      },
      () => undefined,
    );

  const measure = async (watchers: number, n: number, label: string): Promise<void> => {
    const controllers = await Promise.all(Array.from({ length: watchers }, () => watch()));
    const created: number[] = [];
    const patched: number[] = [];
    for (let i = 0; i < n; i++) {
      const name = `${label}-${i}`;
      for (const [samples, write] of [
        [
          created,
          () =>
            core.createNamespacedConfigMap({
              namespace: 'bench',
              body: { metadata: { name }, data: { i: String(i) } },
            }),
        ],
        [
          patched,
          () =>
            core.patchNamespacedConfigMap(
              { name, namespace: 'bench', body: { data: { i: `${i}-b` } } },
              k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
            ),
        ],
      ] as const) {
        const arrived = new Promise<void>((resolve) => waiters.set(name, { name, remaining: watchers, resolve }));
        const t0 = performance.now();
        await Promise.all([write(), arrived]);
        samples.push(performance.now() - t0);
      }
    }
    for (const c of controllers) c.abort();
    console.log(`create → watch event, ${watchers} watcher(s):  ${fmt(created)}`);
    console.log(`patch  → watch event, ${watchers} watcher(s):  ${fmt(patched)}`);
  };

  await measure(1, 20, 'warmup');
  await measure(1, 300, 'one');
  await measure(10, 100, 'ten');

  const gets: number[] = [];
  const lists: number[] = [];
  const creates: number[] = [];
  await core.createNamespace({ body: { metadata: { name: 'bench-list' } } });
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await core.createNamespacedConfigMap({
      namespace: 'bench-list',
      body: { metadata: { name: `item-${i}` }, data: { payload: 'x'.repeat(200) } },
    });
    creates.push(performance.now() - t0);
  }
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await core.readNamespacedConfigMap({ name: `item-${i}`, namespace: 'bench-list' });
    gets.push(performance.now() - t0);
  }
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await core.listNamespacedConfigMap({ namespace: 'bench-list' });
    lists.push(performance.now() - t0);
  }
  const agent = new https.Agent({ keepAlive: true, ca: sandbox.caCert });
  const rawGet = (path: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = https.get(
        `${sandbox.url}${path}`,
        { agent, headers: { Authorization: `Bearer ${sandbox.token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
    });
  const raw: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await rawGet(`/api/v1/namespaces/bench-list/configmaps/item-${i}`);
    raw.push(performance.now() - t0);
  }
  const watchLatency = await rawWriteToEvent(sandbox.url, sandbox.token, sandbox.caCert, 300);
  agent.destroy();
  console.log(`create → watch event (bare https):  ${fmt(watchLatency)}`);
  console.log(`create ConfigMap:                   ${fmt(creates)}`);
  console.log(`get ConfigMap (keep-alive https):   ${fmt(raw)}`);
  console.log(`get ConfigMap:                      ${fmt(gets)}`);
  console.log(`list 200 ConfigMaps:                ${fmt(lists)}`);
  await sandbox.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
