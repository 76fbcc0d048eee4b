import Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { checkUrl, OutboundBlockedError, type SsrfPolicy } from '../../../net';
import { IaasError, type IaasCredential } from '../iaas.types';
import { toIaasError } from './aliyun.errors';
import { DEFAULT_BACKOFF, retryThrottled, type BackoffOptions } from '../retry-throttled';

export interface AliyunClientOptions {
  /** When set, the credential's endpoint must pass it before the first call. */
  readonly ssrfPolicy?: SsrfPolicy;
  readonly backoff?: BackoffOptions;
  /** Connect and read timeout per call (default 15 s). */
  readonly timeoutMs?: number;
}

/**
 * One `@alicloud/ecs20140526` client per credential. `call` translates SDK failures into IaasError
 * and retries throttled calls with backoff; the endpoint (default: the SDK's regional ECS
 * endpoint) is checked against the SSRF policy before the first call (again after a refusal).
 */
export class AliyunConnection {
  readonly sdk: Ecs;
  readonly region: string;
  private endpointCheck?: Promise<void>;

  constructor(
    private readonly credential: IaasCredential,
    private readonly options: AliyunClientOptions = {},
  ) {
    this.region = credential.region;
    const url = credential.endpoint ? new URL(credential.endpoint) : undefined;
    this.sdk = new Ecs(
      new $OpenApiUtil.Config({
        accessKeyId: credential.accessKeyId,
        accessKeySecret: credential.secretAccessKey,
        regionId: credential.region,
        endpoint: url?.host,
        protocol: url ? url.protocol.replace(/:$/, '') : 'https',
        connectTimeout: options.timeoutMs ?? 15000,
        readTimeout: options.timeoutMs ?? 15000,
      }),
    );
  }

  call<T>(action: string, invoke: (sdk: Ecs) => Promise<T>): Promise<T> {
    return retryThrottled(async () => {
      await this.checkEndpoint();
      try {
        return await invoke(this.sdk);
      } catch (err) {
        throw toIaasError(err, action);
      }
    }, this.options.backoff ?? DEFAULT_BACKOFF);
  }

  private checkEndpoint(): Promise<void> {
    const { ssrfPolicy } = this.options;
    if (!ssrfPolicy || !this.credential.endpoint) return Promise.resolve();
    this.endpointCheck ??= checkUrl(this.credential.endpoint, ssrfPolicy).then(
      () => undefined,
      (err: unknown) => {
        this.endpointCheck = undefined;
        if (!(err instanceof OutboundBlockedError)) throw err;
        const code = err.code === 'DNS_FAILED' ? 'UNREACHABLE' : 'INVALID_PARAMETER';
        throw new IaasError(code, err.code, `Aliyun endpoint refused: ${err.message}`);
      },
    );
    return this.endpointCheck;
  }
}
