/**
 * The IaaS client of a cloud runtime, built inside the worker: the runtime and its credential are
 * loaded by id, the sealed secret opened here, the endpoint checked against the outbound policy
 * (except the demo sandbox's trusted credential), the region taken from the runtime (its zone's
 * region) or the credential.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Runtime } from '../../entities/runtime.entity';
import { DriverError } from '../../jobs/errors';
import { checkUrl, OutboundBlockedError, type SsrfPolicy } from '../../net';
import { openCredential } from '../../services/runtimes/credential-secret';
import { DEFAULT_REGION } from '../../services/runtimes/cloud-credential.validator';
import { isTrustedCredential } from '../../services/runtimes/demo-runtime-identity';
import type { SecretBox } from '../../services/secrets/secret-box';
import { createIaasClient, type IaasClient, type IaasCredential, type IaasProvider } from '../iaas';

const CLOUDS: ReadonlySet<string> = new Set<IaasProvider>(['QINGCLOUD', 'AWS', 'ALIYUN']);

export async function openCloudClient(
  em: EntityManager,
  secrets: SecretBox,
  policy: SsrfPolicy,
  runtimeId: string,
  clientFor: (c: IaasCredential) => IaasClient = createIaasClient,
): Promise<IaasClient> {
  const runtime = await em.findOne(Runtime, runtimeId, { populate: ['credential'] });
  if (!runtime) throw new DriverError('RUNTIME_NOT_FOUND', `runtime ${runtimeId} does not exist`, false);
  if (!CLOUDS.has(runtime.provider))
    throw new DriverError('VM_NOT_A_CLOUD', `runtime ${runtime.name} is ${runtime.provider}, not a cloud`, false);
  await em.populate(runtime.credential, ['secretCiphertext']);
  const trusted = await isTrustedCredential(em, runtime.credential.id);
  const opened = openCredential(secrets, runtime.credential, trusted);
  if (!('secretAccessKey' in opened.secret) || !opened.accessKeyId)
    throw new DriverError('VM_NO_ACCESS_KEY', `the credential of runtime ${runtime.name} has no access keys`, false);
  if (opened.endpoint && !trusted) {
    try {
      await checkUrl(opened.endpoint, policy);
    } catch (err) {
      if (err instanceof OutboundBlockedError)
        throw new DriverError('ENDPOINT_REFUSED', `endpoint refused: ${err.message}`, false);
      throw err;
    }
  }
  const provider = runtime.provider as IaasProvider;
  return clientFor({
    provider,
    endpoint: opened.endpoint,
    accessKeyId: opened.accessKeyId,
    secretAccessKey: opened.secret.secretAccessKey,
    region: runtime.region ?? opened.region ?? DEFAULT_REGION[provider],
  });
}
