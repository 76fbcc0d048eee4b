import type { KubeObject } from './api/kube-object.types';
import { ResourceRegistry } from './api/resource.registry';
import { bootstrapCluster } from './cluster-bootstrap';
import { ControllerManager } from './controllers/controller-manager';
import type { SimulationSettings } from './controllers/controller.types';
import { defaultControllers } from './controllers/default-controllers';
import { ResourceService } from './core/resource.service';
import { buildKubeconfig } from './kubeconfig.builder';
import { KubeApiServer } from './server/kube-api.server';
import { FilePersistence } from './store/file-persistence';
import { MemoryStore } from './store/memory.store';
import { generateSandboxTls } from './tls/certificate.authority';
import { loadOrCreateCredentials } from './tls/credentials.file';
import { randomBytes } from 'node:crypto';

/** Options of {@link startKubeSandbox}. Every field is optional. */
export interface KubeSandboxOptions {
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** Serve HTTPS with a generated CA (default true); false serves plain HTTP. */
  tls?: boolean;
  /** Bearer token clients must present (default: random). */
  token?: string;
  /**
   * Persist the cluster state to this JSON file (loaded at start when it exists). The token and
   * TLS material are kept next to it (`<file>.credentials.json`) so kubeconfigs survive restarts.
   */
  stateFile?: string;
  /** Number of simulated nodes (default 1). */
  nodes?: number;
  /** Simulation knobs (pod readiness delay, failure-injection patterns …). */
  simulation?: Partial<SimulationSettings>;
  /** How many store events are kept for watch resumption (default 20000); older resourceVersions get 410 Expired. */
  watchHistory?: number;
  /** Watch bookmark interval (default 10 s). */
  bookmarkIntervalMs?: number;
  /** Clock (ms since epoch) for timestamps and controllers; tests shift it to reach scheduled times. */
  clock?: () => number;
  /** Request log sink (method, path, status), for debugging. */
  log?: (line: string) => void;
}

/** A running sandbox cluster. */
export interface KubeSandbox {
  /** Base URL of the API server (`https://127.0.0.1:PORT`). */
  readonly url: string;
  /** A kubeconfig (YAML) for the sandbox: cluster, token user, current context. */
  readonly kubeconfig: string;
  /** PEM of the CA (empty for plain HTTP). */
  readonly caCert: string;
  readonly token: string;
  /** Direct access to the store and API core, for in-process tools and tests. */
  readonly service: ResourceService;
  /** Stops controllers and the server, and flushes state to the state file. Idempotent. */
  stop(): Promise<void>;
}

export const defaultSimulation: SimulationSettings = {
  podReadyDelayMs: 300,
  jobPodDurationMs: 500,
  nodeNames: ['sandbox-node-1'],
  failImagePattern: /(^|\/)sandbox\.invalid\/fail/,
  crashImagePattern: /(^|\/)sandbox\.invalid\/crash/,
  crashRestartDelayMs: 1000,
  loadBalancerIpBase: '172.18.255.1',
};

function syncCrds(store: MemoryStore, registry: ResourceRegistry): void {
  const gr = 'customresourcedefinitions.apiextensions.k8s.io';
  for (const crd of store.list(gr)) registry.applyCrd(crd);
  store.subscribe((e) => {
    if (e.key.groupResource !== gr) return;
    if (e.type === 'DELETED') registry.removeCrd(e.key.name);
    else registry.applyCrd(e.object as KubeObject);
  });
}

/**
 * Starts one independent sandbox cluster in this process: store, API server (HTTPS by
 * default), simulated controllers. Resolves once the server accepts requests and the cluster is
 * bootstrapped (namespaces, nodes, default StorageClass).
 */
export async function startKubeSandbox(opts: KubeSandboxOptions = {}): Promise<KubeSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const nodeCount = Math.max(1, opts.nodes ?? 1);
  const settings: SimulationSettings = {
    ...defaultSimulation,
    nodeNames: Array.from({ length: nodeCount }, (_, i) => `sandbox-node-${i + 1}`),
    ...opts.simulation,
  };
  const store = new MemoryStore(opts.watchHistory);
  const persistence = opts.stateFile ? new FilePersistence(store, opts.stateFile) : undefined;
  persistence?.load();
  const registry = new ResourceRegistry();
  syncCrds(store, registry);
  const clock = opts.clock ?? Date.now;
  const service = new ResourceService(store, registry, clock);
  bootstrapCluster(service, settings.nodeNames);
  persistence?.watch();
  const controllers = new ControllerManager(defaultControllers());
  controllers.start({ api: service, store, registry, settings, now: clock });

  const hosts = ['localhost', host === '0.0.0.0' ? '127.0.0.1' : host];
  const freshToken = (): string => randomBytes(24).toString('base64url');
  const saved =
    opts.stateFile && opts.tls !== false
      ? loadOrCreateCredentials(`${opts.stateFile}.credentials.json`, hosts, opts.token, freshToken)
      : undefined;
  const token = saved?.token ?? opts.token ?? freshToken();
  const tls = opts.tls === false ? undefined : (saved?.tls ?? generateSandboxTls(hosts));
  const server = new KubeApiServer(service, registry, {
    host,
    port: opts.port ?? 0,
    tls: tls?.server,
    token,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    log: opts.log,
  });
  const port = await server.start();
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `${tls ? 'https' : 'http'}://${urlHost}:${port}`;
  let stopped = false;
  return {
    url,
    kubeconfig: buildKubeconfig({ server: url, token, caCertPem: tls?.ca.certPem }),
    caCert: tls?.ca.certPem ?? '',
    token,
    service,
    async stop() {
      if (stopped) return;
      stopped = true;
      controllers.stop();
      await server.stop();
      persistence?.close();
    },
  };
}
