/**
 * Building a RuntimeTarget inside a worker: the runtime and its credential are loaded by id and
 * the sealed secret is opened here, never in an API process, never put in job data or events.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Runtime } from '../entities/runtime.entity';
import { DriverError } from '../jobs/errors';
import { openCredential } from '../services/runtimes/credential-secret';
import type { SecretBox } from '../services/secrets/secret-box';
import type { RuntimeTarget } from './runtime-driver.types';

/** Decides whether a runtime is the embedded profile's demo sandbox (exempt from the SSRF policy by identity). */
export type TrustedRuntimeCheck = (em: EntityManager, runtime: Runtime) => Promise<boolean>;

/** Nothing is trusted. */
export const TRUST_NONE: TrustedRuntimeCheck = async () => false;

/** The target of `runtimeId` with its secret opened; RUNTIME_NOT_FOUND (not retried) when it is gone. */
export async function openRuntimeTarget(
  em: EntityManager,
  secrets: SecretBox,
  runtimeId: string,
  trusted: TrustedRuntimeCheck = TRUST_NONE,
): Promise<RuntimeTarget> {
  const runtime = await em.findOne(Runtime, runtimeId, { populate: ['credential'] });
  if (!runtime) throw new DriverError('RUNTIME_NOT_FOUND', `runtime ${runtimeId} does not exist`, false);
  await em.populate(runtime.credential, ['secretCiphertext']);
  const opened = openCredential(secrets, runtime.credential);
  return {
    runtimeId: runtime.id,
    provider: runtime.provider,
    namespace: runtime.namespace ?? null,
    zone: runtime.zone ?? null,
    secret: { ...opened.secret },
    endpoint: opened.endpoint ?? null,
    trusted: await trusted(em, runtime),
  };
}
