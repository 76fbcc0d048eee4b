/**
 * Peak memory of one GraphQL request (finding 2 of the security review): the API runs in a child
 * process whose peak RSS (VmHWM) is reset before each request (/proc/<pid>/clear_refs) and read
 * after it. Measured for
 * - the aliased-file attack (N copies of AppVersion.file on a ~9 MiB values.yaml) against the server
 *   with its default limits, and against a reference server whose cost, response and package limits
 *   are lifted (what the server did before the limits);
 * - legitimate heavy queries: a version page reading that file, its file list and schema; a store
 *   page of 50 apps with versions, categories, owner and vendor.
 * Run: `npm run bench -- request-memory`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLClient } from '../test/support/graphql-client';
import { startTestMarina, TEST_ADMIN_PASSWORD, type TestMarina } from '../test/support/marina';
import { developer, tgzOf, uploadOk } from '../test/e2e/catalog-support';

const HELLO = join(__dirname, '../test/fixtures/packages/hello-chart');
const MiB = 1024 * 1024;
const ALIASES = 20;
const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) { ... on App { id latestVersion { id } } ... on ErrorResult { message } } }`;

interface Api {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Child mode: start a Marina API with the given environment and report its URL. */
async function serve(env: Record<string, string>): Promise<void> {
  const t = await startTestMarina('bench_memory', { env });
  process.send!({ url: t.url });
  process.on('message', async () => {
    await t.stop();
    process.exit(0);
  });
}

function startApi(env: Record<string, string>): Promise<Api> {
  const child = fork(__filename, ['serve', JSON.stringify(env)], {
    execArgv: ['-r', join(__dirname, '../scripts/swc-register.js')],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve({ child, url: m.url }));
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
}

function kib(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]);
}

/** Peak RSS growth of the API process during one request, and the response size. */
async function measure(
  api: Api,
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ peakMiB: number; bytes: number; outcome: string }> {
  const pid = api.child.pid!;
  const before = kib(pid, 'VmRSS');
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const res = await fetch(client.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const peak = kib(pid, 'VmHWM');
  const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
  return {
    peakMiB: (peak - before) / 1024,
    bytes: text.length,
    outcome: body.errors?.length
      ? `refused (${body.errors[0].extensions?.code}, HTTP ${res.status})`
      : `answered (HTTP ${res.status})`,
  };
}

/** values.yaml of ~9 MiB that barely compresses (random base64 in YAML comments). */
function bigValues(): Buffer {
  const lines: string[] = ['replicaCount: 1'];
  for (let size = 0; size < 9 * MiB; size += 131) lines.push(`# ${randomBytes(96).toString('base64')}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function seed(api: Api): Promise<{ client: GraphQLClient; versionId: string }> {
  const admin = new GraphQLClient(api.url, '');
  const t = { admin: () => admin.loginAs('admin', TEST_ADMIN_PASSWORD) } as unknown as TestMarina;
  const dev = await developer(t, 'bench');
  const big = tgzOf(HELLO, 'hello-chart', (files) =>
    files.map((f) => (f.path === 'values.yaml' ? { ...f, data: bigValues() } : f)),
  );
  const created = await uploadOk(dev, CREATE_APP, { input: { package: null } }, [{ at: 'input.package', data: big }]);
  for (let i = 0; i < 49; i++) {
    const small = tgzOf(HELLO, `app-${i}`, (files) =>
      files.map((f) =>
        f.path === 'Chart.yaml'
          ? { ...f, data: Buffer.from(`apiVersion: v2\nname: app-${i}\nversion: 1.0.${i}\n`) }
          : f,
      ),
    );
    await uploadOk(dev, CREATE_APP, { input: { package: null } }, [{ at: 'input.package', data: small }]);
  }
  return { client: dev, versionId: created.createApp.latestVersion.id };
}

const aliased = `query($id: ID!) { appVersion(id: $id) { id ${Array.from({ length: ALIASES }, (_, i) => `f${i}: file(name: "values.yaml")`).join(' ')} } }`;
const versionPage = `query($id: ID!) { appVersion(id: $id) { id name status files valuesSchema values: file(name: "values.yaml") chart: file(name: "Chart.yaml")
  app { id name owner { id username } categories { name } } audits { action at actor { username } } } }`;
const storePage = `{ apps(first: 50) { totalCount edges { node { id name type status icon description categories { id name } owner { id username }
  vendor { id companyName } latestVersion { id name status } versions(first: 20) { totalCount edges { node { id name status createdAt } } } } } } }`;

async function main(): Promise<void> {
  const [limited, reference] = await Promise.all([
    startApi({}),
    startApi({
      MARINA_MAX_QUERY_COST: '1000000000',
      MARINA_MAX_RESPONSE_BYTES: String(4096 * MiB),
      MARINA_MAX_REQUEST_PACKAGE_BYTES: String(4096 * MiB),
    }),
  ]);
  try {
    const [a, b] = await Promise.all([seed(limited), seed(reference)]);
    const rows: [string, Awaited<ReturnType<typeof measure>>][] = [];
    // lightest first: RSS that a request grew stays with the process and would hide a lighter one's peak
    rows.push([
      'store page (50 apps, versions, categories, owner, vendor)',
      await measure(limited, a.client, storePage, {}),
    ]);
    rows.push([
      `${ALIASES}× aliased file, default limits`,
      await measure(limited, a.client, aliased, { id: a.versionId }),
    ]);
    rows.push([
      'version page (9 MiB values.yaml, files, schema)',
      await measure(limited, a.client, versionPage, { id: a.versionId }),
    ]);
    rows.push([
      `${ALIASES}× aliased file, limits lifted (reference process)`,
      await measure(reference, b.client, aliased, { id: b.versionId }),
    ]);
    for (const [name, r] of rows)
      console.log(
        `${name.padEnd(58)} peak RSS +${r.peakMiB.toFixed(1).padStart(7)} MiB, response ${(r.bytes / MiB).toFixed(2).padStart(7)} MiB, ${r.outcome}`,
      );
    console.log(
      `without the limits the aliased-file request peaks at ${(rows[3][1].peakMiB / rows[2][1].peakMiB).toFixed(1)}× the legitimate version page; with them it is refused before loading anything`,
    );
  } finally {
    for (const api of [limited, reference]) api.child.send('stop');
    await Promise.all([limited, reference].map((api) => new Promise((r) => api.child.once('exit', r))));
  }
}

if (process.argv[2] === 'serve') {
  serve(JSON.parse(process.argv[3]) as Record<string, string>).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
