/**
 * `connectKube`: a {@link KubeConnection} from a kubeconfig, entirely through
 * @kubernetes/client-node. Before anything is sent, the kubeconfig is checked (./kubeconfig.ts)
 * and, unless the target is trusted (the demo sandbox, by identity), the API server's host is
 * checked against the SSRF policy; connections then go to the checked addresses only (no second
 * DNS resolution). Every failure is a DriverError (./kube-errors.ts).
 */
import type { LookupFunction } from 'node:net';
import { checkHost, guardedLookup, normalizeIp, OutboundBlockedError, type SsrfPolicy } from '../../net';
import type { Readiness } from '../runtime-driver.types';
import { clientNode } from './client-node';
import { discoverApiVersions } from './discovery';
import { guardedKubeConfig, wireObjectApi, type GuardedKubeConfig, type Transport } from './kube-client';
import type { KubeConnection, ServerVersion } from './kube-connection.types';
import { kubeError, toKubeError } from './kube-errors';
import { liveLookup } from './kube-lookup';
import { KubeObjectOps } from './kube-object-ops';
import type { ObjectRef } from './kube-object.types';
import { checkKubeconfig, type KubeconfigSummary } from './kubeconfig';
import { DEFAULT_THRESHOLDS, type ReadinessThresholds } from './readiness/readiness.types';
import { LiveReader } from './readiness/live-reader';
import { assessReadiness } from './readiness/assess-readiness';
import { describeLive } from './readiness/describe-live';

export interface ConnectOptions {
  /** True only for the embedded demo sandbox runtime, identified by its id: no SSRF check. */
  readonly trusted: boolean;
  readonly policy: SsrfPolicy;
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** When image pull back-offs and crash loops count as failures (./readiness/readiness.types.ts). */
  readonly readiness?: Partial<ReadinessThresholds>;
}

/** Resolves the host and checks it; the lookup then answers with exactly the checked addresses. */
async function pinnedLookup(summary: KubeconfigSummary, policy: SsrfPolicy): Promise<LookupFunction> {
  const host = new URL(summary.server).hostname.replace(/^\[|\]$/g, '');
  let addresses: readonly string[];
  try {
    addresses = await checkHost(host, policy);
  } catch (err) {
    if (!(err instanceof OutboundBlockedError)) throw err;
    const code = err.code === 'DNS_FAILED' ? 'KUBE_UNREACHABLE' : 'SSRF_BLOCKED';
    const verb = code === 'SSRF_BLOCKED' ? 'refused to connect to' : 'cannot reach';
    throw kubeError(code, `${verb} ${summary.server}: ${err.message}`, err);
  }
  const others = guardedLookup(policy);
  const family = (a: string) => (normalizeIp(a)?.family === 'ipv6' ? 6 : 4);
  return (hostname, options, callback) => {
    if (hostname !== host) return others(hostname, options, callback);
    if (options.all)
      callback(
        null,
        addresses.map((address) => ({ address, family: family(address) })),
      );
    else callback(null, addresses[0], family(addresses[0]));
  };
}

/**
 * Connects to the cluster of `kubeconfig`'s current context. Rejects with KUBECONFIG_INVALID,
 * SSRF_BLOCKED or KUBE_UNREACHABLE (host not resolvable) before any request; contacts the cluster
 * only when a method is called.
 */
export async function connectKube(kubeconfig: string, opts: ConnectOptions): Promise<KubeConnection> {
  const summary = checkKubeconfig(kubeconfig);
  if (!summary.ok) throw kubeError('KUBECONFIG_INVALID', summary.message);
  const transport: Transport = {
    lookup: opts.trusted ? undefined : await pinnedLookup(summary, opts.policy),
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
  };
  let kc: GuardedKubeConfig;
  try {
    kc = guardedKubeConfig(kubeconfig, transport);
  } catch (err) {
    throw kubeError('KUBECONFIG_INVALID', `kubeconfig: ${(err as Error).message}`, err);
  }
  return new ClientNodeConnection(kc, summary, { ...DEFAULT_THRESHOLDS, ...opts.readiness });
}

class ClientNodeConnection implements KubeConnection {
  private readonly ops: KubeObjectOps;
  private readonly reader: LiveReader;
  private readonly k8s = clientNode();
  readonly lookup;

  constructor(
    private readonly kc: GuardedKubeConfig,
    private readonly summary: KubeconfigSummary,
    private readonly thresholds: ReadinessThresholds,
  ) {
    this.ops = new KubeObjectOps(wireObjectApi(kc), summary.namespace ?? 'default');
    this.reader = new LiveReader(this.ops);
    this.lookup = liveLookup({
      get: (apiVersion, kind, namespace, name) => this.get({ apiVersion, kind, name, namespace: namespace || null }),
      list: (apiVersion, kind, namespace) => this.call(() => this.ops.list(apiVersion, kind, namespace || null)),
    });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toKubeError(err, this.summary.server);
    }
  }

  serverVersion(): Promise<ServerVersion> {
    return this.call(async () => {
      const info = await this.kc.makeApiClient(this.k8s.VersionApi).getCode();
      return { major: info.major, minor: info.minor, gitVersion: info.gitVersion };
    });
  }

  apiVersions(): Promise<string[]> {
    return this.call(() => discoverApiVersions(wireObjectApi(this.kc)));
  }

  namespaces(): Promise<string[]> {
    return this.call(async () => {
      const list = await this.kc.makeApiClient(this.k8s.CoreV1Api).listNamespace();
      return list.items.map((n) => n.metadata?.name ?? '').filter((n) => n !== '');
    });
  }

  ensureNamespace(name: string, labels: Readonly<Record<string, string>>): Promise<'created' | 'exists'> {
    return this.call(async () => {
      const core = this.kc.makeApiClient(this.k8s.CoreV1Api);
      const status = (err: unknown) => (err as { code?: unknown } | null)?.code;
      try {
        await core.readNamespace({ name });
        return 'exists';
      } catch (err) {
        if (status(err) !== 404) throw err;
      }
      try {
        await core.createNamespace({ body: { metadata: { name, labels: { ...labels } } } });
        return 'created';
      } catch (err) {
        if (status(err) === 409) return 'exists';
        throw err;
      }
    });
  }

  get: KubeConnection['get'] = (ref) => this.call(() => this.ops.get(ref));
  list: KubeConnection['list'] = (apiVersion, kind, namespace, labelSelector) =>
    this.call(async () => (await this.ops.list(apiVersion, kind, namespace, labelSelector)) ?? []);
  apply: KubeConnection['apply'] = (obj, ns, opts) => this.call(() => this.ops.apply(obj, ns, opts));
  create: KubeConnection['create'] = (obj, ns) => this.call(() => this.ops.create(obj, ns));
  replace: KubeConnection['replace'] = (obj) => this.call(() => this.ops.replace(obj));
  remove: KubeConnection['remove'] = (ref, propagation = 'Background') =>
    this.call(() => this.ops.remove(ref, propagation));
  scale: KubeConnection['scale'] = (ref, replicas) => this.call(() => this.ops.scale(ref, replicas));

  readiness(
    refs: readonly ObjectRef[],
    opts: { readonly since: Date; readonly crGraceMs: number },
  ): Promise<Readiness> {
    return this.call(async () => {
      const live = await this.reader.read(refs);
      return assessReadiness(
        live,
        { now: Date.now(), since: opts.since.getTime(), crGraceMs: opts.crGraceMs },
        this.thresholds,
      );
    });
  }

  describe: KubeConnection['describe'] = (refs) =>
    this.call(async () =>
      describeLive(await this.reader.read(refs), { now: Date.now(), since: 0, crGraceMs: 0 }, this.thresholds),
    );

  close(): void {
    this.kc.close();
  }
}
