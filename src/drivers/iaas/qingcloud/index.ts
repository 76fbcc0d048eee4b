import type { IaasClient, IaasCredential } from '../iaas.types';
import { QingCloudApi } from './qingcloud.api';
import { QingCloudIaasClient } from './qingcloud.client';
import { QingCloudTransport, type QingCloudClientOptions } from './qingcloud.transport';

export { QingCloudApi } from './qingcloud.api';
export { QingCloudIaasClient } from './qingcloud.client';
export { nameWithToken } from './qingcloud.mappers';
export { QingCloudTransport, type QingCloudClientOptions } from './qingcloud.transport';

/**
 * An IaasClient for QingCloud through our signed client (credential.endpoint defaults to
 * https://api.qingcloud.com; credential.region is the zone or region zone every call names).
 */
export function createClient(credential: IaasCredential, options: QingCloudClientOptions = {}): IaasClient {
  return new QingCloudIaasClient(new QingCloudApi(new QingCloudTransport(credential, options)));
}
