import { randomUUID } from 'node:crypto';
import {
  getIntrospectionQuery,
  type IntrospectionField,
  type IntrospectionObjectType,
  type IntrospectionQuery,
  type IntrospectionSchema,
} from 'graphql';
import { createJob } from '../../src/jobs/job.service';
import { isJobEngineError } from '../../src/jobs/errors';
import type { GraphQLClient } from '../support/graphql-client';
import { startTestMarina, type TestMarina } from '../support/marina';
import { developer, sql, tgzOf, uploadOk } from '../e2e/catalog-support';
import { FUZZ_MODES, type ForeignIds, type FuzzMode, FuzzValues, typeText } from './fuzz/fuzz-values';
import { join } from 'node:path';

/**
 * Schema-driven fuzzing: every query, mutation and subscription the server introspects to, called
 * with malformed ids, NUL / unpaired-surrogate / oversized strings, wrong enum values, foreign and
 * random ids — as an anonymous caller, as a USER, as a member of another workspace, and as an admin. No answer
 * may be INTERNAL_SERVER_ERROR or an HTTP 5xx, and the server must stay up.
 */
const HELLO = join(__dirname, '../fixtures/packages/hello-chart');

interface Finding {
  who: string;
  field: string;
  mode: FuzzMode;
  status: number;
  code: string | undefined;
  message: string;
}

let t: TestMarina;
let schema: IntrospectionSchema;
let foreign: ForeignIds;
const identities: { name: string; client: GraphQLClient }[] = [];

async function seedWorkspaceA(): Promise<ForeignIds> {
  const a = await developer(t, 'victim');
  const ws = (await a.ok(`{ me { workspace { id } } }`)).me.workspace.id as string;
  const created = await uploadOk(
    a,
    `mutation($input: CreateAppInput!) { createApp(input: $input) { ... on App { id latestVersion { id } } } }`,
    { input: { package: null } },
    [{ at: 'input.package', data: tgzOf(HELLO, 'hello-chart') }],
  );
  const vendor = (await a.ok(`mutation{ submitVendor(companyName:"Victim Inc"){ id } }`)).submitVendor.id as string;
  const token = (await a.ok(`mutation{ createApiToken(name:"victim"){ id } }`)).createApiToken.id as string;
  const invitee = await t.newUser('invitee');
  const invitation = (
    await a.ok(`mutation($w:ID!,$u:ID!){ inviteWorkspaceMember(workspaceId:$w,userId:$u,role:VIEWER){ id } }`, {
      w: ws,
      u: invitee.userId,
    })
  ).inviteWorkspaceMember.id as string;
  const job = await createJob(t.marina.orm.em.fork(), t.marina.services.platform.events, {
    action: 'fuzz.target',
    ownerId: a.userId,
    workspaceId: ws,
    tasks: [{ key: 'only', action: 'fuzz.noop' }],
  });
  if (isJobEngineError(job)) throw job;
  const [cred, runtime, instance] = [randomUUID(), randomUUID(), randomUUID()];
  await sql(
    t,
    `insert into runtime_credentials (id, owner_id, workspace_id, name, provider, secret_ciphertext) values ($1, $2, $3, 'c', 'KUBERNETES', 'x')`,
    [cred, a.userId, ws],
  );
  await sql(
    t,
    `insert into runtimes (id, owner_id, workspace_id, name, provider, credential_id) values ($1, $2, $3, 'r', 'KUBERNETES', $4)`,
    [runtime, a.userId, ws, cred],
  );
  await sql(
    t,
    `insert into instances (id, owner_id, workspace_id, name, app_id, version_id, runtime_id) values ($1, $2, $3, 'i', $4, $5, $6)`,
    [instance, a.userId, ws, created.createApp.id, created.createApp.latestVersion.id, runtime],
  );
  return {
    user: a.userId,
    workspace: ws,
    app: created.createApp.id,
    version: created.createApp.latestVersion.id,
    job: job.id,
    instance,
    vendor,
    token,
    invitation,
  };
}

beforeAll(async () => {
  t = await startTestMarina('sec_fuzz', { env: { MARINA_INTROSPECTION: '1' } });
  foreign = await seedWorkspaceA();
  const user = await t.newUser('fuzzer');
  // a member of another workspace (C), by invitation
  const owner = await t.newUser('owner-c');
  const member = await t.newUser('member-c');
  const wsC = (await owner.ok(`{ me { workspace { id } } }`)).me.workspace.id;
  const inv = await owner.ok(
    `mutation($w:ID!,$u:ID!){ inviteWorkspaceMember(workspaceId:$w,userId:$u,role:MEMBER){ id } }`,
    { w: wsC, u: member.userId },
  );
  await member.ok(`mutation($id:ID!){ acceptWorkspaceInvitation(id:$id){ role } }`, {
    id: inv.inviteWorkspaceMember.id,
  });
  // an admin last: it reaches deepest (every permission), and its mutations change the others' data
  identities.push(
    { name: 'anonymous', client: t.anonymous() },
    { name: 'user', client: user },
    { name: 'member-of-other-workspace', client: member },
    { name: 'admin', client: await t.admin() },
  );
  schema = (await t.anonymous().ok<IntrospectionQuery>(getIntrospectionQuery())).__schema;
}, 120_000);
afterAll(() => t?.stop());

function rootFields(name: string | undefined): IntrospectionField[] {
  const type = schema.types.find((x) => x.name === name) as IntrospectionObjectType | undefined;
  return [...(type?.fields ?? [])];
}

function operation(kind: string, field: IntrospectionField): string {
  const defs = field.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  let ref = field.type;
  while (ref.kind === 'NON_NULL' || ref.kind === 'LIST') ref = ref.ofType;
  const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(ref.kind) ? '{ __typename }' : '';
  return `${kind} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`;
}

async function post(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ status: number; codes: string[]; message: string }> {
  const res = await fetch(client.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
    return {
      status: res.status,
      codes: (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE'),
      message: body.errors?.[0]?.message ?? '',
    };
  } catch {
    return { status: res.status, codes: ['NOT_JSON'], message: text.slice(0, 200) };
  }
}

/** The first result of a subscription, or 'pending' when it is live without one after `waitMs`. */
async function subscribe(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  waitMs = 750,
): Promise<{ codes: string[]; message: string }> {
  const ws = client.ws();
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ codes: ['PENDING'], message: '' }), waitMs);
      const done = (
        errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined,
        fallback: string,
      ) => {
        clearTimeout(timer);
        resolve({
          codes: errors?.length ? errors.map((e) => String(e.extensions?.code ?? 'NO_CODE')) : [fallback],
          message: errors?.[0]?.message ?? '',
        });
      };
      ws.subscribe(
        { query, variables },
        {
          next: (msg) => done(msg.errors as never, 'DATA'),
          error: (err) =>
            done(
              Array.isArray(err)
                ? err
                : [
                    {
                      message: String((err as { reason?: string }).reason ?? err),
                      extensions: { code: `CLOSED_${(err as { code?: number }).code ?? ''}` },
                    },
                  ],
              'ERROR',
            ),
          complete: () => done(undefined, 'COMPLETE'),
        },
      );
    });
  } finally {
    await ws.dispose();
  }
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

const internal = (codes: string[], status = 200) =>
  status >= 500 || codes.some((c) => c === 'INTERNAL_SERVER_ERROR' || c === 'NOT_JSON' || c.startsWith('CLOSED_1011'));

describe('schema-driven fuzzing', () => {
  it('no operation answers INTERNAL_SERVER_ERROR or HTTP 5xx to hostile arguments, as any caller; the server stays up', async () => {
    const started = Date.now();
    const values = new FuzzValues(schema, foreign);
    const findings: Finding[] = [];
    const codeCounts = new Map<string, number>();
    const count = (codes: string[]) => codes.forEach((c) => codeCounts.set(c, (codeCounts.get(c) ?? 0) + 1));
    const queryFields = rootFields(schema.queryType?.name);
    const mutationFields = rootFields(schema.mutationType?.name);
    const subscriptionFields = rootFields(schema.subscriptionType?.name);
    expect(queryFields.length + mutationFields.length).toBeGreaterThan(40);
    expect(subscriptionFields.length).toBeGreaterThanOrEqual(3);

    let requests = 0;
    for (const { name: who, client } of identities) {
      const subs = subscriptionFields.flatMap((field) =>
        FUZZ_MODES.map((mode) => async () => {
          const r = await subscribe(client, operation('subscription', field), values.variables(field, mode));
          count(r.codes);
          if (internal(r.codes))
            findings.push({ who, field: field.name, mode, status: 0, code: r.codes.join(','), message: r.message });
        }),
      );
      await pool(subs, 6);
      // subscriptions ran first: the HTTP round ends with logout, which may end this caller's sessions
      const httpTasks = (fields: (readonly ['query' | 'mutation', IntrospectionField])[]) =>
        fields.flatMap(([kind, field]) =>
          FUZZ_MODES.map((mode) => async () => {
            const r = await post(client, operation(kind, field), values.variables(field, mode));
            count(r.codes);
            if (internal(r.codes, r.status))
              findings.push({
                who,
                field: field.name,
                mode,
                status: r.status,
                code: r.codes.join(','),
                message: r.message,
              });
          }),
        );
      const ops = [
        ...queryFields.map((f) => ['query', f] as const),
        ...mutationFields.map((f) => ['mutation', f] as const),
      ];
      const http = httpTasks(ops.filter(([, f]) => f.name !== 'logout'));
      const logout = httpTasks(ops.filter(([, f]) => f.name === 'logout'));
      await pool(http, 4);
      await pool(logout, 1);
      requests += http.length + logout.length + subs.length;
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `schema fuzz: ${queryFields.length + mutationFields.length + subscriptionFields.length} operations × ${FUZZ_MODES.length} cases × ${identities.length} callers = ${requests} calls in ${seconds.toFixed(1)} s; codes ${JSON.stringify(Object.fromEntries(codeCounts))}\n`,
    );
    expect(findings).toEqual([]);

    // still up, and still answering properly
    expect((await t.anonymous().ok('{ __typename }')).__typename).toBe('Query');
    expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
    const fresh = await t.newUser('after-fuzz');
    expect((await fresh.ok('{ me { username } }')).me.username).toBe(fresh.username);
  }, 120_000);
});
