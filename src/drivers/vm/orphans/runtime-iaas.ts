/**
 * The IaaS client of a cloud runtime, built inside a worker: the runtime's credential is opened
 * here (never in an API process), its endpoint checked against the outbound policy before use
 * (the demo sandbox's trusted credential excepted), and the client aimed at the runtime's region.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Provider } from '../../../entities/enums';
import { Runtime } from '../../../entities/runtime.entity';
import { DriverError } from '../../../jobs/errors';
import { checkUrl, OutboundBlockedError, type SsrfPolicy } from '../../../net';
import { openCredential } from '../../../services/runtimes/credential-secret';
import { isTrustedCredential } from '../../../services/runtimes/demo-runtime-identity';
import type { SecretBox } from '../../../services/secrets/secret-box';
import { createIaasClient, type IaasClient, type IaasProvider } from '../../iaas';

const CLOUDS: ReadonlySet<Provider> = new Set([Provider.QINGCLOUD, Provider.AWS, Provider.ALIYUN]);

export interface RuntimeIaas {
  readonly client: IaasClient;
  readonly runtime: Runtime;
}

/** RUNTIME_NOT_FOUND / NOT_A_CLOUD / ENDPOINT_REFUSED (none retried) when the runtime cannot be reached. */
export async function openRuntimeIaas(
  em: EntityManager,
  deps: { readonly secrets: SecretBox; readonly outbound: SsrfPolicy },
  runtimeId: string,
): Promise<RuntimeIaas> {
  const runtime = await em.findOne(Runtime, runtimeId, { populate: ['credential'] });
  if (!runtime) throw new DriverError('RUNTIME_NOT_FOUND', `runtime ${runtimeId} does not exist`, false);
  if (!CLOUDS.has(runtime.provider))
    throw new DriverError(
      'NOT_A_CLOUD',
      `runtime ${runtime.name} is a ${runtime.provider} runtime, not a cloud`,
      false,
    );
  await em.populate(runtime.credential, ['secretCiphertext']);
  const trusted = await isTrustedCredential(em, runtime.credential.id);
  const opened = openCredential(deps.secrets, runtime.credential, trusted);
  if (!('secretAccessKey' in opened.secret) || !opened.accessKeyId)
    throw new DriverError('BAD_CREDENTIAL', `the credential of runtime ${runtime.name} has no access keys`, false);
  if (opened.endpoint && !trusted) {
    try {
      await checkUrl(opened.endpoint, deps.outbound);
    } catch (err) {
      if (!(err instanceof OutboundBlockedError)) throw err;
      throw new DriverError('ENDPOINT_REFUSED', `endpoint refused: ${err.message}`, false);
    }
  }
  const region = runtime.region ?? opened.region;
  if (!region) throw new DriverError('NO_REGION', `runtime ${runtime.name} names no region`, false);
  const client = createIaasClient({
    provider: runtime.provider as IaasProvider,
    endpoint: opened.endpoint,
    accessKeyId: opened.accessKeyId,
    secretAccessKey: opened.secret.secretAccessKey,
    region,
  });
  return { client, runtime };
}
