import type { IaasClient, IaasCredential } from '../iaas.types';
import { AliyunIaasClient } from './aliyun.client';
import { AliyunConnection, type AliyunClientOptions } from './aliyun.connection';

export { AliyunIaasClient, TOKEN_TAG, clientToken } from './aliyun.client';
export type { AliyunClientOptions } from './aliyun.connection';

/** An IaasClient for Aliyun ECS through `@alicloud/ecs20140526` (credential.endpoint overrides the regional endpoint). */
export function createClient(credential: IaasCredential, options: AliyunClientOptions = {}): IaasClient {
  return new AliyunIaasClient(new AliyunConnection(credential, options));
}
