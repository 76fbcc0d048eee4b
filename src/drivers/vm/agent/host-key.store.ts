/**
 * HostKeyStores: PostgreSQL-backed for workers (every worker process sees the same pins, and they
 * survive restarts), and an in-memory one for unit tests only.
 */
import type { EntityManager } from '@mikro-orm/core';
import { forgetHostKey, pinHostKey, pinnedHostKey } from '../../../data/vm/host-keys.queries';
import type { HostKeyStore } from '../vm-agent.types';

export class PgHostKeyStore implements HostKeyStore {
  /** `em` is forked per call (the store is shared by concurrent tasks). */
  constructor(private readonly em: EntityManager) {}

  get(instanceId: string): Promise<string | null> {
    return pinnedHostKey(this.em.fork(), instanceId);
  }

  pin(instanceId: string, fingerprint: string): Promise<string> {
    return pinHostKey(this.em.fork(), instanceId, fingerprint);
  }

  forget(instanceId: string): Promise<void> {
    return forgetHostKey(this.em.fork(), instanceId);
  }
}

/** For unit tests: same semantics, kept in a Map. */
export class MemoryHostKeyStore implements HostKeyStore {
  private readonly keys = new Map<string, string>();

  async get(instanceId: string): Promise<string | null> {
    return this.keys.get(instanceId) ?? null;
  }

  async pin(instanceId: string, fingerprint: string): Promise<string> {
    if (!this.keys.has(instanceId)) this.keys.set(instanceId, fingerprint);
    return this.keys.get(instanceId) as string;
  }

  async forget(instanceId: string): Promise<void> {
    this.keys.delete(instanceId);
  }
}
