/**
 * The identity of the embedded profile's demo Kubernetes runtime: the ids of its credential and
 * runtime, recorded in a platform setting that only the demo start-up writes (nothing in GraphQL
 * reaches it). A credential is trusted — exempt from the SSRF policy — exactly when it is this one.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { PlatformSetting } from '../../entities/platform-setting.entity';

const KEY = 'runtimes.demo';

export interface DemoRuntimeIdentity {
  readonly credentialId: string;
  readonly runtimeId: string;
}

function parse(value: unknown): DemoRuntimeIdentity | null {
  const v = value as Partial<DemoRuntimeIdentity> | null;
  return v && typeof v.credentialId === 'string' && typeof v.runtimeId === 'string'
    ? { credentialId: v.credentialId, runtimeId: v.runtimeId }
    : null;
}

export async function demoRuntimeIdentity(em: EntityManager): Promise<DemoRuntimeIdentity | null> {
  return parse((await em.findOne(PlatformSetting, { key: KEY }))?.value);
}

/** Records the demo runtime (demo start-up only). */
export async function recordDemoRuntime(em: EntityManager, identity: DemoRuntimeIdentity): Promise<void> {
  await em.upsert(PlatformSetting, { key: KEY, value: { ...identity }, updatedAt: new Date() });
}

/** Whether `credentialId` is the demo sandbox's credential. */
export async function isTrustedCredential(em: EntityManager, credentialId: string): Promise<boolean> {
  return (await demoRuntimeIdentity(em))?.credentialId === credentialId;
}
