/**
 * What Marina accepts in a user's kubeconfig. A kubeconfig is data from a tenant that a worker
 * acts on, so only self-contained fields are allowed: inline certificates and keys, a token, or a
 * user name and password. Anything that would make a worker run a program (`exec`,
 * `auth-provider`), read its own files (`certificate-authority`, `client-certificate`,
 * `client-key`, `tokenFile`) or connect somewhere else first (`proxy-url`) is refused.
 */
import YAML from 'yaml';

/** The parts of a kubeconfig's current context that Marina uses. */
export interface KubeconfigSummary {
  readonly ok: true;
  readonly context: string;
  readonly cluster: string;
  readonly user: string;
  /** The API server URL (http or https). */
  readonly server: string;
  /** The context's namespace, when it names one. */
  readonly namespace: string | null;
}

export interface KubeconfigProblem {
  readonly ok: false;
  /** Readable: what is wrong and where. */
  readonly message: string;
}

const FORBIDDEN_CLUSTER_FIELDS: Readonly<Record<string, string>> = {
  'certificate-authority': 'reads a file on the Marina host; use certificate-authority-data',
  'proxy-url': 'routes through a proxy; connect to the API server directly',
};
const FORBIDDEN_USER_FIELDS: Readonly<Record<string, string>> = {
  exec: 'runs a program on the Marina host; use a token or client certificate data',
  'auth-provider': 'runs an auth plugin on the Marina host; use a token or client certificate data',
  'client-certificate': 'reads a file on the Marina host; use client-certificate-data',
  'client-key': 'reads a file on the Marina host; use client-key-data',
  tokenFile: 'reads a file on the Marina host; use token',
};

type Entry = { name?: unknown; [key: string]: unknown };

const problem = (message: string): KubeconfigProblem => ({ ok: false, message: `kubeconfig: ${message}` });

function named(list: unknown, name: string, field: string): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const entry = (list as Entry[]).find((e) => e && typeof e === 'object' && e.name === name);
  const body = entry?.[field];
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
}

function forbidden(body: Record<string, unknown>, rules: Readonly<Record<string, string>>, where: string) {
  const field = Object.keys(rules).find((f) => body[f] !== undefined && body[f] !== null && body[f] !== '');
  return field ? problem(`${where} sets "${field}", which ${rules[field]}`) : null;
}

function serverProblem(server: unknown, cluster: string): KubeconfigProblem | null {
  if (typeof server !== 'string' || server.trim() === '') return problem(`cluster "${cluster}" has no server`);
  try {
    const url = new URL(server);
    if (url.protocol === 'https:' || url.protocol === 'http:') return null;
  } catch {
    // reported below
  }
  return problem(`cluster "${cluster}" server "${server}" is not an http(s) URL`);
}

/** Parses `text` and checks its current context against the rules above. Never throws. */
export function checkKubeconfig(text: string): KubeconfigSummary | KubeconfigProblem {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    return problem(`not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return problem('not a kubeconfig document');
  const config = doc as Record<string, unknown>;
  const context = config['current-context'];
  if (typeof context !== 'string' || context === '') return problem('no current-context');
  const ctx = named(config.contexts, context, 'context');
  if (!ctx) return problem(`current-context "${context}" is not among its contexts`);
  const cluster = typeof ctx.cluster === 'string' ? ctx.cluster : '';
  const user = typeof ctx.user === 'string' ? ctx.user : '';
  const clusterBody = named(config.clusters, cluster, 'cluster');
  if (!clusterBody) return problem(`context "${context}" names cluster "${cluster}", which is not among its clusters`);
  const userBody = named(config.users, user, 'user');
  if (!userBody) return problem(`context "${context}" names user "${user}", which is not among its users`);
  const refused =
    serverProblem(clusterBody.server, cluster) ??
    forbidden(clusterBody, FORBIDDEN_CLUSTER_FIELDS, `cluster "${cluster}"`) ??
    forbidden(userBody, FORBIDDEN_USER_FIELDS, `user "${user}"`);
  if (refused) return refused;
  const namespace = typeof ctx.namespace === 'string' && ctx.namespace !== '' ? ctx.namespace : null;
  return { ok: true, context, cluster, user, server: String(clusterBody.server).trim(), namespace };
}
