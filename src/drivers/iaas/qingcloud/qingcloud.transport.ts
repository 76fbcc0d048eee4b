import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUrl, guardedLookup, OutboundBlockedError, type SsrfPolicy } from '../../../net';
import { IaasError, type IaasCredential } from '../iaas.types';
import { DEFAULT_BACKOFF, retryThrottled, type BackoffOptions } from '../retry-throttled';
import { qingCloudError } from './qingcloud.errors';
import { signQuery } from './qingcloud.signer';

export const DEFAULT_ENDPOINT = 'https://api.qingcloud.com';

export interface QingCloudClientOptions {
  /** When set, every connection's address must pass it (checked at connect time). */
  readonly ssrfPolicy?: SsrfPolicy;
  readonly backoff?: BackoffOptions;
  /** Per call (default 15 s). */
  readonly timeoutMs?: number;
}

/** A parameter value before flattening: lists become `name.N`, lists of records `name.N.field`. */
export type QcValue =
  string | number | boolean | undefined | readonly string[] | readonly Readonly<Record<string, string>>[];

export function flattenParams(input: Readonly<Record<string, QcValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      out[name] = String(typeof value === 'boolean' ? Number(value) : value);
      continue;
    }
    value.forEach((item: string | Readonly<Record<string, string>>, n: number) => {
      if (typeof item === 'string') out[`${name}.${n + 1}`] = item;
      else for (const [field, v] of Object.entries(item)) out[`${name}.${n + 1}.${field}`] = v;
    });
  }
  return out;
}

/**
 * Signed GET calls to `<endpoint>/iaas/`: adds the common parameters (zone unless given, access key,
 * signature_version 1, HmacSHA256, version 1, time_stamp), signs, and answers the JSON body when
 * ret_code is 0. Failures become IaasError; throttled calls are retried with backoff.
 */
export class QingCloudTransport {
  private readonly url: URL;
  private endpointCheck?: Promise<void>;

  constructor(
    private readonly credential: IaasCredential,
    private readonly options: QingCloudClientOptions = {},
  ) {
    this.url = new URL('/iaas/', credential.endpoint ?? DEFAULT_ENDPOINT);
  }

  get zone(): string {
    return this.credential.region;
  }

  call<T>(action: string, input: Readonly<Record<string, QcValue>> = {}): Promise<T> {
    return retryThrottled(() => this.once<T>(action, input), this.options.backoff ?? DEFAULT_BACKOFF);
  }

  private async once<T>(action: string, input: Readonly<Record<string, QcValue>>): Promise<T> {
    await this.checkEndpoint(action);
    const params = flattenParams({
      zone: this.credential.region,
      ...input,
      action,
      access_key_id: this.credential.accessKeyId,
      signature_method: 'HmacSHA256',
      signature_version: 1,
      version: 1,
      time_stamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const { query } = signQuery(params, this.credential.secretAccessKey, 'GET', this.url.pathname);
    const body = await this.get(action, `${this.url.pathname}?${query}`);
    let parsed: { ret_code?: number; message?: string };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new IaasError(
        'PROVIDER_ERROR',
        'BadResponse',
        `QingCloud ${action}: the answer is not JSON: ${body.slice(0, 200)}`,
      );
    }
    if (parsed.ret_code !== 0) throw qingCloudError(action, Number(parsed.ret_code), String(parsed.message ?? ''));
    return parsed as T;
  }

  /** IP-literal endpoints never reach the connect-time lookup, so the endpoint is checked once up front too. */
  private checkEndpoint(action: string): Promise<void> {
    const { ssrfPolicy } = this.options;
    if (!ssrfPolicy) return Promise.resolve();
    this.endpointCheck ??= checkUrl(this.url.href, ssrfPolicy).then(
      () => undefined,
      (err: Error) => {
        this.endpointCheck = undefined;
        throw unreachable(action, err);
      },
    );
    return this.endpointCheck;
  }

  private get(action: string, path: string): Promise<string> {
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const { ssrfPolicy } = this.options;
    return new Promise((resolve, reject) => {
      const req = send(
        this.url,
        {
          method: 'GET',
          path,
          timeout: this.options.timeoutMs ?? 15000,
          lookup: ssrfPolicy ? guardedLookup(ssrfPolicy) : undefined,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', (err) => reject(unreachable(action, err)));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(unreachable(action, err)));
      req.end();
    });
  }
}

function unreachable(action: string, err: Error): IaasError {
  if (err instanceof OutboundBlockedError) {
    return new IaasError(
      err.code === 'DNS_FAILED' ? 'UNREACHABLE' : 'INVALID_PARAMETER',
      err.code,
      `QingCloud endpoint refused: ${err.message}`,
    );
  }
  const code = (err as NodeJS.ErrnoException).code ?? 'NetworkError';
  return new IaasError('UNREACHABLE', code, `QingCloud ${action}: endpoint unreachable: ${err.message}`);
}
