/**
 * The embedded profile's demo Kubernetes runtime: started by one process per deployment (a second
 * one leaves it alone), registered for the first admin, and exempt from the SSRF policy by its
 * recorded identity only — the same kubeconfig under another credential is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startDemoKubeRuntime, DEMO_RUNTIME_NAME } from '../../src/app/demo-runtime';
import { Runtime } from '../../src/entities/runtime.entity';
import { RuntimeCredential } from '../../src/entities/runtime-credential.entity';
import { STRICT_POLICY } from '../../src/net';
import { ensureAdmin, ensureBuiltins } from '../../src/services/bootstrap.service';
import { openCredential } from '../../src/services/runtimes/credential-secret';
import { demoRuntimeIdentity, isTrustedCredential } from '../../src/services/runtimes/demo-runtime-identity';
import { KubernetesCredentialValidator } from '../../src/services/runtimes/kubernetes-credential.validator';
import { SecretBox } from '../../src/services/secrets/secret-box';
import { createMigratedOrm } from '../support/db';

jest.setTimeout(60_000);

describe('demo Kubernetes runtime', () => {
  let setup: Awaited<ReturnType<typeof createMigratedOrm>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'marina-demo-kube-'));
  const secrets = SecretBox.fromString(SecretBox.generateKey());
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    setup = await createMigratedOrm('demo_kube');
    await ensureBuiltins(setup.orm.em.fork());
    await ensureAdmin(setup.orm.em.fork(), 'admin', 'Admin-Password-123!', false);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await setup?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts once per deployment, registers the runtime for the admin and trusts only its own credential', async () => {
    stops.push(await startDemoKubeRuntime(setup.orm, setup.db.url, dataDir, secrets, log));
    stops.push(await startDemoKubeRuntime(setup.orm, setup.db.url, dataDir, secrets, log));
    expect(lines.filter((l) => l.includes('demo Kubernetes sandbox runtime ready'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('run by another Marina process'))).toHaveLength(1);

    const em = setup.orm.em.fork();
    const identity = await demoRuntimeIdentity(em);
    const runtimes = await em.find(Runtime, { name: DEMO_RUNTIME_NAME }, { populate: ['owner'] });
    expect(runtimes.map((r) => [r.id, r.owner.username, r.namespace])).toEqual([
      [identity!.runtimeId, 'admin', 'default'],
    ]);
    const credential = await em.findOneOrFail(
      RuntimeCredential,
      { id: identity!.credentialId },
      { populate: ['secretCiphertext'] },
    );
    expect(await isTrustedCredential(em, credential.id)).toBe(true);

    const validator = new KubernetesCredentialValidator(STRICT_POLICY);
    const trusted = openCredential(secrets, credential, true);
    expect(await validator.validate(trusted)).toMatchObject({ ok: true, zones: expect.arrayContaining(['default']) });
    const copy = { ...trusted, trusted: await isTrustedCredential(em, 'another-credential-id') };
    expect(await validator.validate(copy)).toMatchObject({ ok: false, errorCode: 'ENDPOINT_REFUSED' });
  });
});
