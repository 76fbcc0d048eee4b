/**
 * Building a RuntimeTarget inside a worker: the runtime and its credential are loaded by id and
 * the sealed secret is opened here, never in an API process, never put in job data or events.
 * The target is trusted (exempt from the SSRF policy) only when its credential is the demo
 * sandbox's, recognised by its recorded identity.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Runtime } from '../entities/runtime.entity';
import { DriverError } from '../jobs/errors';
import { openCredential } from '../services/runtimes/credential-secret';
import { isTrustedCredential } from '../services/runtimes/demo-runtime-identity';
import type { SecretBox } from '../services/secrets/secret-box';
import type { RuntimeTarget } from './runtime-driver.types';

/** The target of `runtimeId` with its secret opened; RUNTIME_NOT_FOUND (not retried) when it is gone. */
export async function openRuntimeTarget(
  em: EntityManager,
  secrets: SecretBox,
  runtimeId: string,
): Promise<RuntimeTarget> {
  const runtime = await em.findOne(Runtime, runtimeId, { populate: ['credential'] });
  if (!runtime) throw new DriverError('RUNTIME_NOT_FOUND', `runtime ${runtimeId} does not exist`, false);
  await em.populate(runtime.credential, ['secretCiphertext']);
  const trusted = await isTrustedCredential(em, runtime.credential.id);
  const opened = openCredential(secrets, runtime.credential, trusted);
  return {
    runtimeId: runtime.id,
    provider: runtime.provider,
    namespace: runtime.namespace ?? null,
    zone: runtime.zone ?? null,
    secret: { ...opened.secret },
    endpoint: opened.endpoint ?? null,
    trusted: opened.trusted,
  };
}
