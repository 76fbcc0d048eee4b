import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { clientNode } from '@marina/kube-sandbox';
import { Client } from 'pg';
import { SecretBox } from '../../src/services/secrets/secret-box';
import { GraphQLClient } from '../support/graphql-client';

const root = join(__dirname, '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

interface Booted {
  child: ChildProcess;
  output: string;
  ms: number;
}

/** Starts `marina start` with no DATABASE_URL/REDIS_URL and resolves when it prints that it is ready. */
function boot(dataDir: string, port: number, pgPort: number): Promise<Booted> {
  const started = Date.now();
  const child = spawn(process.execPath, [main, 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MARINA_DATA_DIR: dataDir,
      PORT: String(port),
      MARINA_EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded profile not ready after 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Marina is ready')) {
        clearTimeout(timer);
        resolve({ child, output, ms: Date.now() - started });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`marina start exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('embedded profile (`marina start` with only Node)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marina-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('boots from an empty data folder, prints the admin it created, answers queries, and restarts warm', async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const cold = await boot(dataDir, port, pgPort);
    let password: string;
    try {
      const m = /password: (\S+)/.exec(cold.output);
      expect(m).not.toBeNull();
      password = m![1];
      const admin = await new GraphQLClient(`http://127.0.0.1:${port}/graphql`, '').loginAs('admin', password);
      const me = await admin.ok(`{ me { username roles } }`);
      expect(me.me).toEqual({ username: 'admin', roles: ['ADMIN', 'USER'] });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      await expectDemoKubeRuntime(dataDir, pgPort);
      const demo = await admin.ok(
        `{ runtimes(provider: KUBERNETES) { edges { node { name namespace credential { id } } } } }`,
      );
      expect(demo.runtimes.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['demo-kubernetes']);
      // Loopback is outside the default outbound policy: only the demo credential's identity lets this pass.
      const check = await admin.ok(`mutation($id: ID!) { validateRuntimeCredential(id: $id) { ok message zones } }`, {
        id: demo.runtimes.edges[0].node.credential.id,
      });
      expect(check.validateRuntimeCredential).toMatchObject({ ok: true, zones: expect.arrayContaining(['default']) });
    } finally {
      expect(await stop(cold.child)).toBe(0);
    }

    const warm = await boot(dataDir, port, pgPort);
    try {
      expect(warm.output).not.toContain('admin account created');
      const admin = await new GraphQLClient(`http://127.0.0.1:${port}/graphql`, '').loginAs('admin', password);
      expect((await admin.ok(`{ me { username } }`)).me.username).toBe('admin');
    } finally {
      expect(await stop(warm.child)).toBe(0);
    }
    process.stdout.write(`embedded profile boot: cold ${cold.ms} ms, warm ${warm.ms} ms\n`);

    // SIGKILL leaves the embedded PostgreSQL running; the next start must recover and keep the data
    const killed = await boot(dataDir, port, pgPort);
    await new Promise<void>((resolve) => {
      killed.child.once('exit', () => resolve());
      killed.child.kill('SIGKILL');
    });
    const recovered = await boot(dataDir, port, pgPort);
    try {
      const admin = await new GraphQLClient(`http://127.0.0.1:${port}/graphql`, '').loginAs('admin', password);
      expect((await admin.ok(`{ me { username } }`)).me.username).toBe('admin');
    } finally {
      expect(await stop(recovered.child)).toBe(0);
    }
  }, 300_000);
});

/**
 * The embedded profile registers a Kubernetes API sandbox as the admin's demo runtime: its sealed
 * kubeconfig (opened with the generated key) reaches a live cluster through the real client.
 */
async function expectDemoKubeRuntime(dataDir: string, pgPort: number): Promise<void> {
  const db = new Client({ connectionString: `postgres://postgres:marina@127.0.0.1:${pgPort}/marina` });
  await db.connect();
  try {
    const { rows } = await db.query(
      `select c.id, c.secret_ciphertext, r.namespace from runtimes r join runtime_credentials c on c.id = r.credential_id where r.name = 'demo-kubernetes'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].secret_ciphertext).not.toContain('apiVersion');
    const box = SecretBox.fromString(readFileSync(join(dataDir, 'secret.key'), 'utf8').trim());
    const { kubeconfig } = JSON.parse(box.open(rows[0].secret_ciphertext, `runtime_credential:${rows[0].id}`)) as {
      kubeconfig: string;
    };
    const kc = new clientNode.KubeConfig();
    kc.loadFromString(kubeconfig);
    const namespaces = await kc.makeApiClient(clientNode.CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain(rows[0].namespace);
  } finally {
    await db.end();
  }
}
