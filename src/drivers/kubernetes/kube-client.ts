/**
 * The two client-node classes the connection is built on, extended where client-node needs help:
 * - `GuardedKubeConfig` pins every connection to the addresses the SSRF policy checked (a custom
 *   `lookup` in the undici connector), bounds connect and request time, and keeps one undici
 *   dispatcher per connection (client-node builds one per request, i.e. a TLS handshake per call).
 * - `WireObjectApi` is KubernetesObjectApi speaking plain JSON: responses are the server's JSON
 *   (client-node's typed models turn timestamps into Dates and rename fields such as
 *   `x-kubernetes-preserve-unknown-fields`), and bodies are sent as given.
 */
import type { LookupFunction } from 'node:net';
import type {
  Cluster,
  Configuration,
  DispatcherOptions,
  KubeConfig,
  KubernetesObject,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { AgentOptions } from 'node:https';
import { clientNode } from './client-node';

/** How connections to the API server are made. */
export interface Transport {
  /** Resolves the API server's host name to the checked addresses; absent → system DNS (trusted only). */
  readonly lookup?: LookupFunction;
  readonly connectTimeoutMs: number;
  /** Longest one request may take, first byte to last. */
  readonly requestTimeoutMs: number;
}

export interface GuardedKubeConfig extends KubeConfig {
  /** Closes the pooled connections. */
  close(): void;
}

/** What a path is for: the collection ('create', 'list') or one object. */
export type PathAction = 'create' | 'list' | 'read' | 'replace' | 'patch' | 'delete';

/** A JSON request to any API path. */
export interface WireRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface WireObjectApi {
  /** Whether `kind` of `apiVersion` is namespaced; null when the cluster does not serve it. */
  scopeOf(apiVersion: string, kind: string): Promise<'namespaced' | 'cluster' | null>;
  /** The resource path of an object (collection path for 'create'). */
  pathOf(spec: KubernetesObject, action: PathAction): Promise<string>;
  send<T = unknown>(request: WireRequest): Promise<T>;
}

type ClientNode = ReturnType<typeof clientNode>;

function guardedKubeConfigClass(k8s: ClientNode) {
  return class extends k8s.KubeConfig implements GuardedKubeConfig {
    private dispatcher: RequestContext['dispatcher'] | undefined;
    constructor(private readonly transport: Transport) {
      super();
    }

    override createDispatcherOptions(cluster: Cluster | null, agentOptions: AgentOptions): DispatcherOptions {
      const opts = super.createDispatcherOptions(cluster, agentOptions);
      const connect = {
        timeout: this.transport.connectTimeoutMs,
        ...(this.transport.lookup ? { lookup: this.transport.lookup } : {}),
      };
      if (opts.type === 'agent') return { ...opts, connect: { ...opts.connect, ...connect } };
      if (opts.type === 'none') return { type: 'agent', connect } as DispatcherOptions;
      return opts; // proxies: refused by checkKubeconfig before a connection is made
    }

    override async applySecurityAuthentication(context: RequestContext): Promise<void> {
      await super.applySecurityAuthentication(context);
      const fresh = context.getDispatcher();
      if (fresh) {
        this.dispatcher ??= fresh;
        context.setDispatcher(this.dispatcher);
      }
      if (!context.getSignal()) context.setSignal(AbortSignal.timeout(this.transport.requestTimeoutMs));
    }

    close(): void {
      const pool = this.dispatcher as { close?: () => Promise<void> } | undefined;
      this.dispatcher = undefined;
      pool?.close?.().catch(() => undefined); // closing an idle pool cannot fail in a way worth reporting
    }
  };
}

function wireObjectApiClass(k8s: ClientNode) {
  return class extends k8s.KubernetesObjectApi implements WireObjectApi {
    constructor(configuration: Configuration) {
      super(configuration);
    }

    useContextNamespace(kc: KubeConfig): void {
      this.setDefaultNamespace(kc);
    }

    async scopeOf(apiVersion: string, kind: string): Promise<'namespaced' | 'cluster' | null> {
      const found = await this.resource(apiVersion, kind).catch((err: { code?: unknown }) => {
        if (err?.code === 404) return undefined;
        throw err;
      });
      if (!found) return null;
      return found.namespaced ? 'namespaced' : 'cluster';
    }

    pathOf(spec: KubernetesObject, action: PathAction): Promise<string> {
      return this.specUriPath(structuredClone(spec), action);
    }

    async send<T = unknown>(request: WireRequest): Promise<T> {
      const context = this.configuration.baseServer.makeRequestContext(request.path, request.method as never);
      context.setHeaderParam('Accept', 'application/json');
      for (const [name, value] of Object.entries(request.query ?? {}))
        if (value !== undefined) context.setQueryParam(name, value);
      if (request.body !== undefined) {
        context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
        context.setBody(JSON.stringify(request.body));
      }
      return (await this.requestPromise(context)) as T;
    }

    protected override async processResponse<T extends KubernetesObject>(
      response: ResponseContext,
      type?: string,
    ): Promise<T> {
      if (response.httpStatusCode < 200 || response.httpStatusCode > 299) return super.processResponse(response, type);
      const text = await response.body.text();
      return (text ? JSON.parse(text) : {}) as T;
    }
  };
}

let classes: { Config: ReturnType<typeof guardedKubeConfigClass>; Api: ReturnType<typeof wireObjectApiClass> } | null =
  null;

function loadClasses() {
  const k8s = clientNode();
  classes ??= { Config: guardedKubeConfigClass(k8s), Api: wireObjectApiClass(k8s) };
  return classes;
}

/** A KubeConfig loaded from `kubeconfig` (already checked by checkKubeconfig) that connects through `transport`. */
export function guardedKubeConfig(kubeconfig: string, transport: Transport): GuardedKubeConfig {
  const kc = new (loadClasses().Config)(transport);
  kc.loadFromString(kubeconfig);
  return kc;
}

/** The plain-JSON object API over `kc`, defaulting to the context's namespace. */
export function wireObjectApi(kc: KubeConfig): WireObjectApi {
  const api = kc.makeApiClient(loadClasses().Api);
  api.useContextNamespace(kc);
  return api;
}
