import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { AdvisoryLock } from '../data/advisory-locks';
import { Provider, RuntimeEnvironment } from '../entities/enums';
import { Runtime } from '../entities/runtime.entity';
import { RuntimeCredential } from '../entities/runtime-credential.entity';
import { User } from '../entities/user.entity';
import { BuiltinRole } from '../services/auth/permissions';
import { sealCredentialSecret } from '../services/runtimes/credential-secret';
import { demoRuntimeIdentity, recordDemoRuntime } from '../services/runtimes/demo-runtime-identity';
import type { SecretBox } from '../services/secrets/secret-box';

export const DEMO_RUNTIME_NAME = 'demo-kubernetes';

const nothing = async (): Promise<void> => undefined;

/**
 * Starts the embedded profile's Kubernetes API sandbox (state under `<dataDir>/kube-sandbox/`)
 * and registers it as the first admin's "demo-kubernetes" runtime, visible in the admin's
 * `runtimes`. Runs in the workers role (the one that deploys to it) and once per deployment: the
 * process that takes the DEMO_KUBE session advisory lock owns the sandbox until it stops; other
 * worker processes leave it alone. The credential's id is recorded (./demo-runtime-identity.ts)
 * so that exactly this credential is exempt from the SSRF policy; its kubeconfig is refreshed on
 * every start, since the port may change. Returns a stop function; does nothing without an admin.
 */
export async function startDemoKubeRuntime(
  orm: MikroORM,
  databaseUrl: string,
  dataDir: string,
  secrets: SecretBox,
  log: Logger,
): Promise<() => Promise<void>> {
  const admin = await firstAdmin(orm);
  if (!admin?.workspace) return nothing;
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  const { rows } = await lock.query<{ owned: boolean }>('select pg_try_advisory_lock($1) as owned', [
    AdvisoryLock.DEMO_KUBE,
  ]);
  if (!rows[0]?.owned) {
    await lock.end();
    log.info('demo Kubernetes sandbox is run by another Marina process');
    return nothing;
  }
  // Loaded only when used: the sandbox is a sizeable module the production profile never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startKubeSandbox } = require('@marina/kube-sandbox') as typeof import('@marina/kube-sandbox');
  const sandbox = await startKubeSandbox({ stateFile: join(dataDir, 'kube-sandbox', 'state.json') });
  const stop = async () => {
    await sandbox.stop();
    await lock.end();
  };
  try {
    await register(orm, admin, secrets, sandbox);
  } catch (err) {
    await stop();
    throw err;
  }
  log.info({ url: sandbox.url }, 'demo Kubernetes sandbox runtime ready');
  return stop;
}

async function firstAdmin(orm: MikroORM): Promise<User | null> {
  return orm.em
    .fork()
    .findOne(User, { roles: { name: BuiltinRole.ADMIN }, workspace: { $ne: null } }, { orderBy: { createdAt: 'asc' } });
}

/** Creates or refreshes the demo credential and runtime, and records their ids. */
async function register(
  orm: MikroORM,
  admin: User,
  secrets: SecretBox,
  sandbox: { url: string; kubeconfig: string },
): Promise<void> {
  const workspace = admin.workspace!;
  await orm.em.fork().transactional(async (tx) => {
    const known = await demoRuntimeIdentity(tx);
    const credential =
      (known && (await tx.findOne(RuntimeCredential, { id: known.credentialId }))) ||
      (await tx.findOne(RuntimeCredential, { workspace: workspace.id, name: DEMO_RUNTIME_NAME })) ||
      tx.create(RuntimeCredential, {
        owner: admin,
        workspace,
        name: DEMO_RUNTIME_NAME,
        provider: Provider.KUBERNETES,
        secretCiphertext: '',
      });
    credential.endpoint = sandbox.url;
    credential.secretCiphertext = sealCredentialSecret(secrets, credential.id, { kubeconfig: sandbox.kubeconfig });
    const runtime =
      (known && (await tx.findOne(Runtime, { id: known.runtimeId, status: { $ne: 'deleted' } }))) ||
      (await tx.findOne(Runtime, { workspace: workspace.id, name: DEMO_RUNTIME_NAME, status: { $ne: 'deleted' } })) ||
      tx.create(Runtime, {
        owner: admin,
        workspace,
        name: DEMO_RUNTIME_NAME,
        provider: Provider.KUBERNETES,
        credential,
        namespace: 'default',
        environment: RuntimeEnvironment.TEST,
        description: 'Kubernetes API sandbox started with Marina (embedded profile)',
      });
    await tx.flush();
    await recordDemoRuntime(tx, { credentialId: credential.id, runtimeId: runtime.id });
  });
}
