/**
 * The AWS adapter of the IaaS interface. The credential's endpoint (when set) is used as given:
 * callers check it against the SSRF policy before building a client, and nothing here takes an
 * endpoint from anywhere else.
 */
import type { IaasClient, IaasCredential } from '../iaas.types';
import { AwsIaasClient, type AwsClientOptions } from './aws.client';

export type { AwsClientOptions } from './aws.client';

export function createClient(credential: IaasCredential, options: AwsClientOptions = {}): IaasClient {
  if (credential.provider !== 'AWS') throw new Error(`the AWS adapter cannot use a ${credential.provider} credential`);
  return new AwsIaasClient(credential, options);
}
