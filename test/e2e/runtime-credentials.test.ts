import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { startCloudSandbox, type CloudProvider, type RunningCloudSandbox } from '@marina/cloud-sandbox';
import { startKubeSandbox, type KubeSandbox } from '@marina/kube-sandbox';
import YAML from 'yaml';
import { startTestMarina, type TestMarina } from '../support/marina';

/**
 * Runtime credentials and runtimes over GraphQL against each cloud's sandbox, reached through the
 * real IaaS adapters. A sandbox or adapter missing from the build fails its suite loudly.
 */
jest.setTimeout(60000);

const PROVIDER: Record<CloudProvider, 'QINGCLOUD' | 'AWS' | 'ALIYUN'> = {
  qingcloud: 'QINGCLOUD',
  aws: 'AWS',
  aliyun: 'ALIYUN',
};

const CREATE_CREDENTIAL = `mutation($input: CreateRuntimeCredentialInput!) {
  createRuntimeCredential(input: $input) { id name provider endpoint region maskedAccessKeyId createdAt } }`;
const VALIDATE = `mutation($id: ID!) { validateRuntimeCredential(id: $id) { ok message errorCode zones regions region } }`;
const CREATE_RUNTIME = `mutation($input: CreateRuntimeInput!) { createRuntime(input: $input) {
  __typename ... on Runtime { id name provider zone region vpcId subnetId status credential { id name } owner { id } }
  ... on ErrorResult { errorCode message } ... on ValidationError { details { path message } } } }`;

/** A loopback port nothing listens on (for an unreachable endpoint). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(['qingcloud', 'aws', 'aliyun'] as const)(
  'runtime credentials and runtimes on the %s sandbox',
  (cloud) => {
    let sandbox: RunningCloudSandbox;
    let t: TestMarina;
    let user: Awaited<ReturnType<TestMarina['newUser']>>;
    const provider = PROVIDER[cloud];
    const credentialInput = (over: Record<string, unknown> = {}) => ({
      name: `cred-${randomUUID().slice(0, 8)}`,
      provider,
      endpoint: sandbox.info.endpoint,
      region: sandbox.info.region,
      accessKeyId: sandbox.info.accessKeyId,
      secretAccessKey: sandbox.info.secretAccessKey,
      ...over,
    });
    const createCredential = async (over: Record<string, unknown> = {}) =>
      (await user.ok(CREATE_CREDENTIAL, { input: credentialInput(over) })).createRuntimeCredential as {
        id: string;
        endpoint: string;
      };
    const validate = async (id: string) => (await user.ok(VALIDATE, { id })).validateRuntimeCredential;

    beforeAll(async () => {
      sandbox = await startCloudSandbox(cloud, { bootDelayMs: 200 });
      const host = new URL(sandbox.info.endpoint).hostname;
      t = await startTestMarina(`runtimes-${cloud}`, { env: { MARINA_ALLOWED_HOSTS: `${host}/32` } });
      user = await t.newUser('rt');
    });
    afterAll(async () => {
      await t?.stop();
      await sandbox?.stop();
    });

    it('stores the credential sealed: the secret is in neither the response nor the database row', async () => {
      const res = await user.request(CREATE_CREDENTIAL, { input: credentialInput() });
      expect(res.errors).toBeUndefined();
      const created = res.data!.createRuntimeCredential;
      expect(created).toMatchObject({ provider, endpoint: sandbox.info.endpoint, region: sandbox.info.region });
      expect(created.maskedAccessKeyId.endsWith(sandbox.info.accessKeyId.slice(-4))).toBe(true);
      expect(JSON.stringify(res)).not.toContain(sandbox.info.secretAccessKey);
      expect(
        JSON.stringify(await user.ok(`{ runtimeCredentials { id name endpoint maskedAccessKeyId } }`)),
      ).not.toContain(sandbox.info.secretAccessKey);
      const rows = await t.marina.orm.em
        .fork()
        .getConnection()
        .execute(`select * from runtime_credentials where id = ?`, [created.id]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(sandbox.info.secretAccessKey);
      expect(rows[0].secret_ciphertext).toMatch(/^v1\./);
    });

    it('validates good keys: the regions and the zones of the region', async () => {
      const { id } = await createCredential();
      const check = await validate(id);
      expect(check).toMatchObject({ ok: true, errorCode: null, region: sandbox.info.region });
      expect(check.zones).toContain(sandbox.info.zone);
      expect(check.regions).toContain(sandbox.info.region);
      expect((await user.ok(`query($id: ID!) { runtimeZones(credentialId: $id) }`, { id })).runtimeZones).toEqual(
        check.zones,
      );
    });

    it('tells bad keys, an unreachable endpoint and a wrong region apart', async () => {
      const bad = await validate(
        (await createCredential({ secretAccessKey: `${sandbox.info.secretAccessKey}-wrong` })).id,
      );
      expect(bad).toMatchObject({ ok: false, errorCode: 'BAD_CREDENTIALS', zones: [] });
      expect(bad.message).toMatch(/^bad credentials/);
      const unknownKey = await validate((await createCredential({ accessKeyId: 'AKIDNOBODYHASTHIS00' })).id);
      expect(unknownKey.errorCode).toBe('BAD_CREDENTIALS');

      const url = new URL(sandbox.info.endpoint);
      url.port = String(await closedPort());
      const down = await validate((await createCredential({ endpoint: url.toString() })).id);
      expect(down).toMatchObject({ ok: false, errorCode: 'UNREACHABLE' });
      expect(down.message).toMatch(/^unreachable/);

      const lost = await validate((await createCredential({ region: 'nowhere-9' })).id);
      expect(lost).toMatchObject({ ok: false, errorCode: 'WRONG_REGION' });
      expect(lost.message).toMatch(/^wrong region/);
      expect(
        await user.errorCode(`query($id: ID!) { runtimeZones(credentialId: $id) }`, {
          id: (await createCredential({ region: 'nowhere-9' })).id,
        }),
      ).toBe('BAD_USER_INPUT');
    });

    it('refuses an endpoint outside the outbound policy (an unlisted loopback address)', async () => {
      const url = new URL(sandbox.info.endpoint);
      url.hostname = '127.0.0.2';
      const res = await user.request(CREATE_CREDENTIAL, { input: credentialInput({ endpoint: url.toString() }) });
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(res.errors?.[0].message).toMatch(/endpoint refused: .*127\.0\.0\.2.*MARINA_ALLOWED_HOSTS/);
      expect(
        (await user.ok(`{ runtimeCredentials { endpoint } }`)).runtimeCredentials.map(
          (c: { endpoint: string }) => c.endpoint,
        ),
      ).not.toContain(url.toString());
    });

    it('creates a runtime in a zone (its region follows) with a default VPC and subnet, checked with the cloud', async () => {
      const { id: credentialId } = await createCredential();
      const base = { provider, credentialId, zone: sandbox.info.zone };
      const made = (
        await user.ok(CREATE_RUNTIME, {
          input: { ...base, name: 'rt-main', vpcId: sandbox.info.vpcId, subnetId: sandbox.info.subnetId },
        })
      ).createRuntime;
      expect(made).toMatchObject({
        __typename: 'Runtime',
        name: 'rt-main',
        provider,
        zone: sandbox.info.zone,
        region: sandbox.info.region,
        vpcId: sandbox.info.vpcId,
        subnetId: sandbox.info.subnetId,
        status: 'active',
        credential: { id: credentialId },
        owner: { id: user.userId },
      });
      const again = (await user.ok(CREATE_RUNTIME, { input: { ...base, name: 'rt-main' } })).createRuntime;
      expect(again).toMatchObject({ __typename: 'NameTakenError' });
      const noZone = (await user.ok(CREATE_RUNTIME, { input: { ...base, name: 'rt-x', zone: 'zz-nowhere-1z' } }))
        .createRuntime;
      expect(noZone).toMatchObject({
        __typename: 'ValidationError',
        errorCode: 'UNKNOWN_ZONE',
        details: [{ path: 'zone' }],
      });
      const noSubnet = (
        await user.ok(CREATE_RUNTIME, {
          input: { ...base, name: 'rt-y', vpcId: sandbox.info.vpcId, subnetId: 'subnet-missing0' },
        })
      ).createRuntime;
      expect(noSubnet).toMatchObject({ __typename: 'ValidationError', errorCode: 'UNKNOWN_SUBNET' });
      const wrongProvider = (
        await user.ok(CREATE_RUNTIME, { input: { ...base, name: 'rt-z', provider: 'KUBERNETES' } })
      ).createRuntime;
      expect(wrongProvider.__typename).toBe('ValidationError');
      expect(wrongProvider.details).toContainEqual({
        path: 'provider',
        message: `does not match the credential's provider ${provider}`,
      });
      const listed = await user.ok(
        `query($p: Provider) { runtimes(provider: $p) { totalCount edges { node { id name } } } }`,
        { p: provider },
      );
      expect(listed.runtimes.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['rt-main']);
      expect((await user.ok(`query($id: ID!) { runtime(id: $id) { name region } }`, { id: made.id })).runtime).toEqual({
        name: 'rt-main',
        region: sandbox.info.region,
      });
    });

    it('keeps credentials and runtimes inside their workspace', async () => {
      const { id: credentialId } = await createCredential({ name: 'mine' });
      const runtime = (
        await user.ok(CREATE_RUNTIME, {
          input: { name: 'private-rt', provider, credentialId, zone: sandbox.info.zone },
        })
      ).createRuntime;
      const stranger = await t.newUser('stranger');
      expect((await stranger.ok(`{ runtimeCredentials { id } }`)).runtimeCredentials).toEqual([]);
      expect((await stranger.ok(`{ runtimes { totalCount } }`)).runtimes.totalCount).toBe(0);
      expect(await stranger.errorCode(VALIDATE, { id: credentialId })).toBe('NOT_FOUND');
      expect(
        await stranger.errorCode(`query($id: ID!) { runtimeZones(credentialId: $id) }`, { id: credentialId }),
      ).toBe('NOT_FOUND');
      expect(await stranger.errorCode(`query($id: ID!) { runtime(id: $id) { id } }`, { id: runtime.id })).toBe(
        'NOT_FOUND',
      );
      expect(
        await stranger.errorCode(CREATE_RUNTIME, {
          input: { name: 'steal', provider, credentialId, zone: sandbox.info.zone },
        }),
      ).toBe('NOT_FOUND');
      expect(await stranger.errorCode(`mutation($id: ID!) { deleteRuntime(id: $id) }`, { id: runtime.id })).toBe(
        'NOT_FOUND',
      );
    });

    it('refuses to delete a runtime with live instances unless forced', async () => {
      const { id: credentialId } = await createCredential();
      const runtime = (
        await user.ok(CREATE_RUNTIME, { input: { name: 'busy-rt', provider, credentialId, zone: sandbox.info.zone } })
      ).createRuntime;
      await seedInstance(t, user.userId, runtime.id);
      const refused = await user.request(`mutation($id: ID!) { deleteRuntime(id: $id) }`, { id: runtime.id });
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(refused.errors?.[0].message).toMatch(/still has 1 live instance/);
      expect((await user.ok(`query($id: ID!) { runtime(id: $id) { id } }`, { id: runtime.id })).runtime).toEqual({
        id: runtime.id,
      });
      expect(
        (await user.ok(`mutation($id: ID!) { deleteRuntime(id: $id, force: true) }`, { id: runtime.id })).deleteRuntime,
      ).toBe(true);
      expect(await user.errorCode(`query($id: ID!) { runtime(id: $id) { id } }`, { id: runtime.id })).toBe('NOT_FOUND');
      const idle = (
        await user.ok(CREATE_RUNTIME, { input: { name: 'busy-rt', provider, credentialId, zone: sandbox.info.zone } })
      ).createRuntime;
      expect(idle.__typename).toBe('Runtime');
      expect((await user.ok(`mutation($id: ID!) { deleteRuntime(id: $id) }`, { id: idle.id })).deleteRuntime).toBe(
        true,
      );
    });
  },
);

describe('KUBERNETES runtime credentials and runtimes on the kube sandbox', () => {
  let sandbox: KubeSandbox;
  let t: TestMarina;
  let user: Awaited<ReturnType<TestMarina['newUser']>>;
  const kubeconfig = (cluster: Record<string, unknown> = {}, userFields: Record<string, unknown> = {}) => {
    const doc = YAML.parse(sandbox.kubeconfig);
    Object.assign(doc.clusters[0].cluster, cluster);
    Object.assign(doc.users[0].user, userFields);
    return YAML.stringify(doc);
  };
  const createKube = async (config = kubeconfig()) =>
    (
      await user.ok(CREATE_CREDENTIAL, {
        input: { name: `k-${randomUUID().slice(0, 8)}`, provider: 'KUBERNETES', kubeconfig: config },
      })
    ).createRuntimeCredential as { id: string; endpoint: string };
  const refusal = async (config: string) =>
    (await user.request(CREATE_CREDENTIAL, { input: { name: 'refused', provider: 'KUBERNETES', kubeconfig: config } }))
      .errors?.[0];

  beforeAll(async () => {
    sandbox = await startKubeSandbox({});
    t = await startTestMarina('runtimes-kube', { env: { MARINA_ALLOWED_HOSTS: '127.0.0.1/32' } });
    user = await t.newUser('kube');
  });
  afterAll(async () => {
    await t?.stop();
    await sandbox?.stop();
  });

  it('stores a kubeconfig sealed without contacting the cluster, and validates it against the cluster', async () => {
    const res = await user.request(CREATE_CREDENTIAL, {
      input: { name: 'k', provider: 'KUBERNETES', kubeconfig: kubeconfig() },
    });
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res)).not.toContain(sandbox.token);
    const created = res.data!.createRuntimeCredential;
    expect(created).toMatchObject({ provider: 'KUBERNETES', endpoint: sandbox.url, maskedAccessKeyId: null });
    const rows = await t.marina.orm.em
      .fork()
      .getConnection()
      .execute(`select * from runtime_credentials where id = ?`, [created.id]);
    expect(JSON.stringify(rows)).not.toContain(sandbox.token);
    const check = (await user.ok(VALIDATE, { id: created.id })).validateRuntimeCredential;
    expect(check).toMatchObject({ ok: true, errorCode: null, regions: [] });
    expect(check.message).toMatch(/^connected to Kubernetes v1\.\d+/);
    expect(check.zones).toEqual(expect.arrayContaining(['default', 'kube-system']));
    expect(
      (await user.ok(`query($id: ID!) { runtimeZones(credentialId: $id) }`, { id: created.id })).runtimeZones,
    ).toEqual(check.zones);
  });

  it("creates a runtime whose namespace is created and labelled as Marina's, and lists it among the zones", async () => {
    const { id: credentialId } = await createKube();
    const made = (
      await user.ok(CREATE_RUNTIME, {
        input: { name: 'k8s', provider: 'KUBERNETES', credentialId, namespace: 'team-a' },
      })
    ).createRuntime;
    expect(made).toMatchObject({
      __typename: 'Runtime',
      name: 'k8s',
      provider: 'KUBERNETES',
      zone: null,
      credential: { id: credentialId },
    });
    const ns = sandbox.service.store.get({ groupResource: 'namespaces', namespace: '', name: 'team-a' });
    expect(ns?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'marina' });
    expect((await user.ok(`query($id: ID!) { runtime(id: $id) { namespace } }`, { id: made.id })).runtime).toEqual({
      namespace: 'team-a',
    });
    expect(
      (await user.ok(`query($id: ID!) { runtimeZones(credentialId: $id) }`, { id: credentialId })).runtimeZones,
    ).toContain('team-a');
    const existing = (
      await user.ok(CREATE_RUNTIME, { input: { name: 'k8s-default', provider: 'KUBERNETES', credentialId } })
    ).createRuntime;
    expect(existing).toMatchObject({ __typename: 'Runtime' });
    expect(
      sandbox.service.store.get({ groupResource: 'namespaces', namespace: '', name: 'default' })?.metadata.labels?.[
        'app.kubernetes.io/managed-by'
      ],
    ).toBeUndefined();
    const badName = (
      await user.ok(CREATE_RUNTIME, {
        input: { name: 'k8s-bad', provider: 'KUBERNETES', credentialId, namespace: 'Team_A' },
      })
    ).createRuntime;
    expect(badName).toMatchObject({ __typename: 'ValidationError', details: [{ path: 'namespace' }] });
  });

  it('tells a wrong token, a wrong CA and a closed port apart', async () => {
    const wrongToken = (await user.ok(VALIDATE, { id: (await createKube(kubeconfig({}, { token: 'nope' }))).id }))
      .validateRuntimeCredential;
    expect(wrongToken).toMatchObject({ ok: false, errorCode: 'BAD_CREDENTIALS', zones: [] });
    expect(wrongToken.message).toMatch(/rejected the credentials/);
    const other = await startKubeSandbox({});
    const wrongCa = kubeconfig({ 'certificate-authority-data': Buffer.from(other.caCert).toString('base64') });
    await other.stop();
    const tls = (await user.ok(VALIDATE, { id: (await createKube(wrongCa)).id })).validateRuntimeCredential;
    expect(tls).toMatchObject({ ok: false, errorCode: 'TLS' });
    const url = new URL(sandbox.url);
    url.port = String(await closedPort());
    const id = (await createKube(kubeconfig({ server: url.origin }))).id;
    const down = (await user.ok(VALIDATE, { id })).validateRuntimeCredential;
    expect(down).toMatchObject({
      ok: false,
      errorCode: 'UNREACHABLE',
      message: `cannot reach ${url.origin}: connection refused`,
    });
    const runtime = (
      await user.ok(CREATE_RUNTIME, { input: { name: 'down', provider: 'KUBERNETES', credentialId: id } })
    ).createRuntime;
    expect(runtime).toMatchObject({ __typename: 'ValidationError', errorCode: 'UNREACHABLE' });
  });

  it('refuses kubeconfigs pointing at blocked addresses, running programs or malformed, changing nothing', async () => {
    const before = (await user.ok(`{ runtimeCredentials { id } }`)).runtimeCredentials.length;
    for (const server of ['https://169.254.169.254', 'https://10.0.0.5:6443', 'https://127.0.0.2:6443']) {
      const err = await refusal(kubeconfig({ server }));
      expect(err).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(err?.message).toMatch(/kubeconfig server refused: .*MARINA_ALLOWED_HOSTS/);
    }
    expect((await refusal(kubeconfig({}, { exec: { command: 'sh' } })))?.message).toMatch(
      /sets "exec", which runs a program/,
    );
    expect((await refusal('apiVersion: v1\nkind: Config\n'))?.message).toMatch(/kubeconfig: no current-context/);
    expect(
      (
        await user.request(CREATE_CREDENTIAL, {
          input: { name: 'k2', provider: 'KUBERNETES', kubeconfig: kubeconfig(), secretAccessKey: 'x' },
        })
      ).errors?.[0].message,
    ).toMatch(/secretAccessKey is only for cloud credentials/);
    expect((await user.ok(`{ runtimeCredentials { id } }`)).runtimeCredentials).toHaveLength(before);
    const missing = await user.request(CREATE_CREDENTIAL, {
      input: { name: 'c', provider: 'AWS', accessKeyId: 'AKID' },
    });
    expect(missing.errors?.[0].message).toMatch(/secretAccessKey is required/);
  });
});

/** An instance row on the runtime (instances cannot be deployed yet; the deletion rule is tested with a seeded one). */
async function seedInstance(t: TestMarina, ownerId: string, runtimeId: string): Promise<void> {
  const sql = t.marina.orm.em.fork().getConnection();
  const [{ workspace_id: workspaceId }] = await sql.execute(`select workspace_id from runtimes where id = ?`, [
    runtimeId,
  ]);
  const appId = randomUUID();
  const versionId = randomUUID();
  await sql.execute(`insert into apps (id, owner_id, workspace_id, name, type) values (?, ?, ?, ?, 'VM')`, [
    appId,
    ownerId,
    workspaceId,
    `app-${appId.slice(0, 8)}`,
  ]);
  await sql.execute(
    `insert into app_versions (id, owner_id, workspace_id, app_id, name, type) values (?, ?, ?, ?, '1.0.0', 'VM')`,
    [versionId, ownerId, workspaceId, appId],
  );
  await sql.execute(
    `insert into instances (id, owner_id, workspace_id, name, app_id, version_id, runtime_id, status) values (?, ?, ?, ?, ?, ?, ?, 'ACTIVE')`,
    [randomUUID(), ownerId, workspaceId, `inst-${appId.slice(0, 8)}`, appId, versionId, runtimeId],
  );
}
