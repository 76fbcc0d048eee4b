/**
 * One place that turns what @kubernetes/client-node and the network throw into `DriverError`s
 * a person can act on. Transport failures, 429 and 5xx are retryable; everything else is not.
 */
import { DriverError } from '../../jobs/errors';
import { OutboundBlockedError } from '../../net';

/** Codes a Kubernetes connection fails with. */
export type KubeErrorCode =
  | 'KUBE_UNREACHABLE'
  | 'KUBE_TLS'
  | 'KUBE_UNAUTHORIZED'
  | 'KUBE_FORBIDDEN'
  | 'KUBE_NOT_FOUND'
  | 'KUBE_CONFLICT'
  | 'KUBE_INVALID'
  | 'KUBE_THROTTLED'
  | 'KUBE_SERVER_ERROR'
  | 'KUBECONFIG_INVALID'
  | 'SSRF_BLOCKED';

const RETRYABLE: ReadonlySet<KubeErrorCode> = new Set(['KUBE_UNREACHABLE', 'KUBE_THROTTLED', 'KUBE_SERVER_ERROR']);

export function kubeError(code: KubeErrorCode, message: string, cause?: unknown): DriverError {
  return new DriverError(code, message, RETRYABLE.has(code), { cause });
}

/** Transport failures by the code Node or undici gives them, in words. */
const NETWORK_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  EPIPE: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  ABORT_ERR: 'no answer in time',
};

/** TLS failures: codes from OpenSSL/Node, or messages that carry them. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;
const TLS_MESSAGE = /certificate|self[- ]signed|x509|SSL routines|TLS/i;

const isErrorLike = (e: unknown): e is Error & { code?: unknown } =>
  !!e && typeof e === 'object' && typeof (e as Error).message === 'string';

/** Every error in `err`'s cause chain, outermost first (errors of other realms included). */
function chain(err: unknown): (Error & { code?: unknown })[] {
  const out: (Error & { code?: unknown })[] = [];
  for (let e = err; isErrorLike(e) && out.length < 8; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

interface HttpFailure {
  readonly status: number;
  readonly message: string;
}

/** A client-node ApiException: numeric `code` and the server's Status `body`. */
function httpFailure(err: unknown): HttpFailure | null {
  const e = err as { code?: unknown; body?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'number' || !('body' in e)) return null;
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = { message: body };
    }
  }
  const message = (body as { message?: unknown } | null)?.message;
  return { status: e.code, message: typeof message === 'string' && message ? message : `HTTP ${e.code}` };
}

function fromHttp({ status, message }: HttpFailure, server: string, err: unknown): DriverError {
  if (status === 401)
    return kubeError(
      'KUBE_UNAUTHORIZED',
      `${server} rejected the credentials (401 Unauthorized): check the kubeconfig's token or client certificate`,
      err,
    );
  if (status === 403) return kubeError('KUBE_FORBIDDEN', `forbidden by ${server}: ${message}`, err);
  if (status === 404) return kubeError('KUBE_NOT_FOUND', message, err);
  if (status === 409) return kubeError('KUBE_CONFLICT', message, err);
  if (status === 429) return kubeError('KUBE_THROTTLED', `${server} asked to slow down (429): ${message}`, err);
  if (status >= 500) return kubeError('KUBE_SERVER_ERROR', `${server} failed (${status}): ${message}`, err);
  return kubeError('KUBE_INVALID', `${server} refused the request (${status}): ${message}`, err);
}

/** Maps anything a cluster call threw; `server` is the API server URL, for messages. */
export function toKubeError(err: unknown, server: string): DriverError {
  if (err instanceof DriverError) return err;
  const http = httpFailure(err);
  if (http) return fromHttp(http, server, err);
  const errors = chain(err);
  const blocked = errors.find((e) => e instanceof OutboundBlockedError || e.code === 'SSRF_BLOCKED');
  if (blocked) return kubeError('SSRF_BLOCKED', `refused to connect to ${server}: ${blocked.message}`, err);
  const codes = errors.map((e) => (typeof e.code === 'string' ? e.code : e.name === 'TimeoutError' ? 'ABORT_ERR' : ''));
  const tls = codes.find((c) => TLS_CODE.test(c)) ?? errors.find((e) => TLS_MESSAGE.test(e.message))?.message;
  if (tls) {
    const detail = errors.map((e) => e.message).find((m) => TLS_MESSAGE.test(m)) ?? tls;
    return kubeError(
      'KUBE_TLS',
      `TLS with ${server} failed: ${detail} (check the kubeconfig's certificate-authority-data)`,
      err,
    );
  }
  const network = codes.find((c) => c in NETWORK_WORDS);
  if (network) return kubeError('KUBE_UNREACHABLE', `cannot reach ${server}: ${NETWORK_WORDS[network]}`, err);
  if (errors.some((e) => e.message === 'fetch failed' || e.name === 'AbortError'))
    return kubeError('KUBE_UNREACHABLE', `cannot reach ${server}: ${errors.at(-1)?.message ?? 'fetch failed'}`, err);
  throw err;
}
