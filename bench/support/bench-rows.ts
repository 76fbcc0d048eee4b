/** Rows a bench needs but does not measure, written with plain SQL (no API exists for them, or it is not what is timed). */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';

/** A HELM app, version, Kubernetes runtime (placeholder credential) and instance owned by `userId`; returns the instance id. */
export async function insertBenchInstance(em: EntityManager, userId: string, workspaceId: string): Promise<string> {
  const conn = em.getConnection();
  const [cred, runtime, app, version, instance] = Array.from({ length: 5 }, () => randomUUID());
  const tag = instance.slice(0, 8);
  await conn.execute(
    "insert into runtime_credentials (id, owner_id, workspace_id, name, provider, secret_ciphertext) values (?, ?, ?, ?, 'KUBERNETES', 'x')",
    [cred, userId, workspaceId, `bench-${tag}`],
  );
  await conn.execute(
    "insert into runtimes (id, owner_id, workspace_id, name, provider, credential_id) values (?, ?, ?, ?, 'KUBERNETES', ?)",
    [runtime, userId, workspaceId, `bench-${tag}`, cred],
  );
  await conn.execute("insert into apps (id, owner_id, workspace_id, name, type) values (?, ?, ?, ?, 'HELM')", [
    app,
    userId,
    workspaceId,
    `bench-${tag}`,
  ]);
  await conn.execute(
    "insert into app_versions (id, owner_id, workspace_id, app_id, name, type) values (?, ?, ?, ?, '1.0.0', 'HELM')",
    [version, userId, workspaceId, app],
  );
  await conn.execute(
    'insert into instances (id, owner_id, workspace_id, name, app_id, version_id, runtime_id) values (?, ?, ?, ?, ?, ?, ?)',
    [instance, userId, workspaceId, `bench-${tag}`, app, version, runtime],
  );
  return instance;
}
