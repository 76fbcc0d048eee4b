import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Provider, RuntimeEnvironment } from '../entities/enums';
import { Runtime } from '../entities/runtime.entity';
import { RuntimeCredential } from '../entities/runtime-credential.entity';
import { User } from '../entities/user.entity';
import { BuiltinRole } from '../services/auth/permissions';
import { sealCredentialSecret } from '../services/runtimes/credential-secret';
import type { SecretBox } from '../services/secrets/secret-box';

export const DEMO_RUNTIME_NAME = 'demo-kubernetes';

/**
 * Starts a Kubernetes API sandbox (state kept under `<dataDir>/kube-sandbox/`) and registers it as
 * the first admin's "demo-kubernetes" runtime (credential refreshed on every start, since the port
 * may change). Returns a stop function; does nothing when there is no admin yet.
 */
export async function startDemoKubeRuntime(
  orm: MikroORM,
  dataDir: string,
  secrets: SecretBox,
  log: Logger,
): Promise<() => Promise<void>> {
  const em = orm.em.fork();
  const admin = await em.findOne(
    User,
    { roles: { name: BuiltinRole.ADMIN }, workspace: { $ne: null } },
    { orderBy: { createdAt: 'asc' } },
  );
  if (!admin?.workspace) return async () => undefined;
  // Loaded only when used: the sandbox is a sizeable module the production profile never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startKubeSandbox } = require('@marina/kube-sandbox') as typeof import('@marina/kube-sandbox');
  const sandbox = await startKubeSandbox({ stateFile: join(dataDir, 'kube-sandbox', 'state.json') });
  try {
    await em.transactional(async (tx) => {
      const credential =
        (await tx.findOne(RuntimeCredential, { workspace: admin.workspace!.id, name: DEMO_RUNTIME_NAME })) ??
        tx.create(RuntimeCredential, {
          owner: admin,
          workspace: admin.workspace!,
          name: DEMO_RUNTIME_NAME,
          provider: Provider.KUBERNETES,
          secretCiphertext: '',
        });
      credential.endpoint = sandbox.url;
      credential.secretCiphertext = sealCredentialSecret(secrets, credential.id, { kubeconfig: sandbox.kubeconfig });
      const runtime = await tx.findOne(Runtime, { workspace: admin.workspace!.id, name: DEMO_RUNTIME_NAME });
      if (!runtime) {
        tx.create(Runtime, {
          owner: admin,
          workspace: admin.workspace!,
          name: DEMO_RUNTIME_NAME,
          provider: Provider.KUBERNETES,
          credential,
          namespace: 'default',
          environment: RuntimeEnvironment.TEST,
          description: 'Kubernetes API sandbox started with Marina (embedded profile)',
        });
      }
    });
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
  log.info({ url: sandbox.url }, 'demo Kubernetes sandbox runtime ready');
  return () => sandbox.stop();
}
