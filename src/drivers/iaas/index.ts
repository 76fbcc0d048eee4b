import { join } from 'node:path';
import { IaasError, type IaasClient, type IaasCredential, type IaasProvider } from './iaas.types';

export * from './iaas.types';

/** Each provider's adapter folder beside this file; each exports `createClient(credential): IaasClient`. */
const ADAPTER_FOLDERS: Readonly<Record<IaasProvider, string>> = {
  QINGCLOUD: 'qingcloud',
  AWS: 'aws',
  ALIYUN: 'aliyun',
};

type AdapterModule = { createClient?: (credential: IaasCredential) => IaasClient };

const notAvailable = (provider: string): IaasError =>
  new IaasError('PROVIDER_ERROR', 'AdapterNotAvailable', `${provider} adapter not available in this build`, false);

/**
 * The IaaS client of a credential's provider. Adapters are loaded by path on first use, so a build
 * without one still starts; using it then fails with IaasError PROVIDER_ERROR "adapter not available".
 */
export function createIaasClient(credential: IaasCredential): IaasClient {
  const folder = (ADAPTER_FOLDERS as Record<string, string | undefined>)[credential.provider];
  if (!folder) throw notAvailable(credential.provider);
  const path = join(__dirname, folder);
  let adapter: AdapterModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path on purpose (see above)
    adapter = require(path) as AdapterModule;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.startsWith(`Cannot find module '${path}'`))
      throw notAvailable(credential.provider);
    throw err;
  }
  if (typeof adapter.createClient !== 'function') throw notAvailable(credential.provider);
  return adapter.createClient(credential);
}
