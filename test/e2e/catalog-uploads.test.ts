/**
 * Apps from uploaded packages over GraphQL (multipart uploads against a real Marina on
 * PostgreSQL + Redis, filesystem blob store): createApp for a Helm chart, the WordPress VM
 * package and a template package, files readable, createAppVersion rules, validatePackage, icons,
 * and the hostile corpus: every archive rejected with its typed code, leaving no rows and no blobs.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pngImage } from '../support/images';
import { startTestMarina, type TestMarina } from '../support/marina';
import { type Authed, blobFiles, catalogCounts, developer, tgzOf, uploadOk, uploadRequest } from './catalog-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain-JS generator shared with the CLI
const { generateHostile } = require('../fixtures/hostile/generate-hostile.js') as {
  generateHostile(dir: string): Array<{ file: string; code: string; attack: string; bytes: number }>;
};

const HELLO = join(__dirname, '../fixtures/packages/hello-chart');
const TEMPLATE = join(__dirname, '../fixtures/packages/nginx-template');
const WORDPRESS = join(__dirname, '../../../shared/reference/openpitrix-vm-package/Wordpress');

const CREATE_APP = `mutation($input: CreateAppInput!) { createApp(input: $input) {
  __typename
  ... on App { id name type status description home keywords screenshots maintainers categories { name }
    latestVersion { id name appVersion status type digest packageSize files valuesSchema configSchema audits { action from to role actor { id } } review { id } } }
  ... on ErrorResult { errorCode message }
  ... on ValidationError { details { path message } } } }`;

const CREATE_VERSION = `mutation($appId: ID!, $package: Upload!, $changelog: String) { createAppVersion(appId: $appId, package: $package, changelog: $changelog) {
  __typename ... on AppVersion { id name status changelog } ... on ErrorResult { errorCode message } } }`;

let t: TestMarina;
let blobDir: string;
let hostileDir: string;
let dev: Authed;

beforeAll(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'marina-blobs-'));
  hostileDir = mkdtempSync(join(tmpdir(), 'marina-hostile-'));
  t = await startTestMarina('catalog_uploads', { env: { MARINA_BLOB_DIR: blobDir } });
  dev = await developer(t);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  rmSync(blobDir, { recursive: true, force: true });
  rmSync(hostileDir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('hostile packages', () => {
  it('every archive of the corpus is rejected by createApp with its typed code and leaves no rows and no blobs', async () => {
    const corpus = generateHostile(hostileDir);
    expect(corpus.length).toBeGreaterThan(25);
    const before = await catalogCounts(t);
    const seen: string[] = [];
    for (const c of corpus) {
      const res = await uploadRequest(dev, CREATE_APP, { input: {} }, [
        { at: 'input.package', data: readFileSync(join(hostileDir, c.file)), filename: c.file },
      ]);
      expect(res.errors).toBeUndefined();
      const result = res.data!.createApp;
      seen.push(`${c.file}:${result.__typename}:${result.errorCode}`);
      expect([c.file, result.__typename, result.errorCode]).toEqual([c.file, 'ValidationError', c.code]);
      expect(result.details.length).toBeGreaterThan(0);
    }
    expect(seen).toHaveLength(corpus.length);
    expect(await catalogCounts(t)).toEqual(before);
    expect(blobFiles(blobDir)).toEqual([]);
  }, 120_000);

  it('validatePackage reports per-file problems without storing anything', async () => {
    const broken = tgzOf(HELLO, 'hello-chart', (files) =>
      files.map((f) =>
        f.path === 'Chart.yaml'
          ? { ...f, data: Buffer.from('apiVersion: v2\nname: hello-chart\nversion: not-a-version\n') }
          : f,
      ),
    );
    const res = await uploadOk(
      dev,
      `mutation($p: Upload!) { validatePackage(package: $p) { ok name version type errorCode errors { path message } } }`,
      {},
      [{ at: 'p', data: broken }],
    );
    expect(res.validatePackage).toMatchObject({
      ok: false,
      errorCode: 'INVALID_METADATA',
      errors: [{ path: 'Chart.yaml' }],
    });
    const good = await uploadOk(
      dev,
      `mutation($p: Upload!) { validatePackage(package: $p) { ok name version type errors { path } } }`,
      {},
      [{ at: 'p', data: tgzOf(HELLO, 'hello-chart') }],
    );
    expect(good.validatePackage).toEqual({ ok: true, name: 'hello-chart', version: '0.3.1', type: 'HELM', errors: [] });
    expect(blobFiles(blobDir)).toEqual([]);
  });
});

describe('createApp', () => {
  it('creates a Helm app with its first DRAFT version; the package files are readable', async () => {
    const archive = tgzOf(HELLO, 'hello-chart');
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: {} }, [{ at: 'input.package', data: archive }]);
    expect(app).toMatchObject({
      __typename: 'App',
      name: 'hello-chart',
      type: 'HELM',
      status: 'DRAFT',
      home: 'https://example.com/hello',
      keywords: ['hello', 'demo'],
      description: "A small chart for Marina's packaging and repository tests",
      categories: [{ name: 'uncategorized' }],
      maintainers: [{ name: 'Marina Team', email: 'team@example.com' }],
    });
    const v = app.latestVersion;
    expect(v).toMatchObject({
      name: '0.3.1',
      appVersion: '1.0',
      status: 'DRAFT',
      type: 'HELM',
      digest: sha256(archive),
      packageSize: archive.length,
      valuesSchema: null,
      configSchema: null,
      review: null,
    });
    expect(v.files).toEqual(
      expect.arrayContaining(['Chart.yaml', 'values.yaml', 'templates/deployment.yaml', 'templates/NOTES.txt']),
    );
    expect(v.audits).toEqual([
      { action: 'create', from: null, to: 'DRAFT', role: 'developer', actor: { id: dev.userId } },
    ]);
    const file = await dev.ok(
      `query($id: ID!) { appVersion(id: $id) { values: file(name: "values.yaml") missing: file(name: "nope.yaml") app { id } } }`,
      { id: v.id },
    );
    expect(file.appVersion).toEqual({
      values: readFileSync(join(HELLO, 'values.yaml'), 'utf8'),
      missing: null,
      app: { id: app.id },
    });
    expect(blobFiles(blobDir).map((f) => f.split('/').at(-1))).toContain(sha256(archive));

    const again = await uploadOk(dev, CREATE_APP, { input: {} }, [{ at: 'input.package', data: archive }]);
    expect(again.createApp).toMatchObject({ __typename: 'NameTakenError', errorCode: 'NAME_TAKEN' });
  });

  it('creates a VM app from the OpenPitrix WordPress example with config.json as its deploy form', async () => {
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: tgzOf(WORDPRESS, 'Wordpress') },
    ]);
    expect(app).toMatchObject({
      __typename: 'App',
      name: 'Wordpress',
      type: 'VM',
      status: 'DRAFT',
      home: 'http://www.wordpress.com/',
    });
    expect(app.screenshots).toHaveLength(2);
    expect(app.keywords).toContain('wordpress');
    expect(app.latestVersion).toMatchObject({ name: '0.1.0', appVersion: '4.9.7', type: 'VM', valuesSchema: null });
    expect(app.latestVersion.configSchema).toEqual(JSON.parse(readFileSync(join(WORDPRESS, 'config.json'), 'utf8')));
    expect(app.latestVersion.files.sort()).toEqual(['cluster.json.tmpl', 'config.json', 'package.json']);
  });

  it('creates a template app whose deploy form is its declared variables', async () => {
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: tgzOf(TEMPLATE, 'nginx-template') },
    ]);
    expect(app).toMatchObject({ __typename: 'App', name: 'nginx-template', type: 'TEMPLATE' });
    expect(app.latestVersion.configSchema.variables.map((v: { name: string }) => v.name)).toEqual([
      'DOCKER_IMAGE',
      'REPLICAS',
      'ADMIN_PASSWORD',
    ]);
  });

  it('takes an icon that is a small image and refuses a large one before storing anything', async () => {
    const chart = (name: string) =>
      tgzOf(HELLO, name, (files) =>
        files.map((f) =>
          f.path === 'Chart.yaml' ? { ...f, data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`) } : f,
        ),
      );
    const blobs = blobFiles(blobDir).length;
    const big = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: chart('iconic-big') },
      { at: 'input.icon', data: pngImage(200, 200), filename: 'i.png' },
    ]);
    expect(big.createApp).toMatchObject({
      __typename: 'ValidationError',
      errorCode: 'INVALID_ICON',
      details: [{ path: 'icon' }],
    });
    expect(blobFiles(blobDir)).toHaveLength(blobs);
    const ok = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: chart('iconic') },
      { at: 'input.icon', data: pngImage(64, 64), filename: 'i.png' },
    ]);
    expect(ok.createApp.__typename).toBe('App');
    const { app } = await dev.ok(`query($id: ID!) { app(id: $id) { icon } }`, { id: ok.createApp.id });
    expect(app.icon).toBe(`/attachments/${sha256(pngImage(64, 64))}`);
  });

  it('needs the app:develop permission', async () => {
    const user = await t.newUser('plain');
    const res = await uploadRequest(user, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: tgzOf(HELLO, 'hello-chart') },
    ]);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('createAppVersion', () => {
  const withVersion = (version: string, name = 'versioned') =>
    tgzOf(HELLO, name, (files) =>
      files.map((f) =>
        f.path === 'Chart.yaml'
          ? {
              ...f,
              data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "${version}"\n`),
            }
          : f,
      ),
    );

  it('adds DRAFT versions newest-first by SemVer and enforces type, name and uniqueness', async () => {
    const { createApp: app } = await uploadOk(dev, CREATE_APP, { input: {} }, [
      { at: 'input.package', data: withVersion('1.2.0') },
    ]);
    const v2 = await uploadOk(dev, CREATE_VERSION, { appId: app.id, changelog: 'fixes' }, [
      { at: 'package', data: withVersion('1.10.0') },
    ]);
    expect(v2.createAppVersion).toMatchObject({
      __typename: 'AppVersion',
      name: '1.10.0',
      status: 'DRAFT',
      changelog: 'fixes',
    });
    await uploadOk(dev, CREATE_VERSION, { appId: app.id }, [{ at: 'package', data: withVersion('1.9.0') }]);
    const versions = await dev.ok(
      `query($id: ID!) { app(id: $id) { status latestVersion { name } versions { totalCount edges { node { name } } } } }`,
      { id: app.id },
    );
    expect(versions.app).toEqual({
      status: 'DRAFT',
      latestVersion: { name: '1.10.0' },
      versions: {
        totalCount: 3,
        edges: [{ node: { name: '1.10.0' } }, { node: { name: '1.9.0' } }, { node: { name: '1.2.0' } }],
      },
    });

    const dup = await uploadOk(dev, CREATE_VERSION, { appId: app.id }, [{ at: 'package', data: withVersion('1.9.0') }]);
    expect(dup.createAppVersion).toMatchObject({ __typename: 'ValidationError', errorCode: 'VERSION_EXISTS' });
    const other = await uploadOk(dev, CREATE_VERSION, { appId: app.id }, [
      { at: 'package', data: withVersion('2.0.0', 'another-name') },
    ]);
    expect(other.createAppVersion).toMatchObject({ __typename: 'ValidationError', errorCode: 'NAME_MISMATCH' });
    const vm = await uploadOk(dev, CREATE_VERSION, { appId: app.id }, [
      { at: 'package', data: tgzOf(WORDPRESS, 'Wordpress') },
    ]);
    expect(vm.createAppVersion).toMatchObject({ __typename: 'ValidationError', errorCode: 'PACKAGE_TYPE_MISMATCH' });
    const stranger = await developer(t, 'stranger');
    const res = await uploadRequest(stranger, CREATE_VERSION, { appId: app.id }, [
      { at: 'package', data: withVersion('3.0.0') },
    ]);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('apps listing', () => {
  it('filters, sorts and pages with stable cursors', async () => {
    const lister = await developer(t, 'lister');
    const chart = (name: string, keywords: string[]) =>
      tgzOf(HELLO, name, (files) =>
        files.map((f) =>
          f.path === 'Chart.yaml'
            ? {
                ...f,
                data: Buffer.from(
                  `apiVersion: v2\nname: ${name}\nversion: 1.0.0\ndescription: ${name} app\nkeywords: [${keywords.join(', ')}]\n`,
                ),
              }
            : f,
        ),
      );
    for (const [name, kw] of [
      ['delta', ['db']],
      ['alpha', ['web']],
      ['charlie', ['web', 'cache']],
      ['bravo', []],
    ] as const) {
      expect(
        (await uploadOk(lister, CREATE_APP, { input: {} }, [{ at: 'input.package', data: chart(name, [...kw]) }]))
          .createApp.__typename,
      ).toBe('App');
    }
    await uploadOk(lister, CREATE_APP, { input: {} }, [{ at: 'input.package', data: tgzOf(WORDPRESS, 'Wordpress') }]);
    const names = async (args: string) => {
      const all: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (
          await lister.ok(
            `query($after: String) { apps(${args}, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
            { after },
          )
        ).apps;
        all.push(...page.edges.map((e: { node: { name: string } }) => e.node.name));
        if (!page.pageInfo.hasNextPage) return { names: all, total: page.totalCount };
        after = page.pageInfo.endCursor;
      }
    };
    expect(await names('sort: NAME')).toEqual({ names: ['Wordpress', 'alpha', 'bravo', 'charlie', 'delta'], total: 5 });
    expect((await names('sort: NEWEST')).names).toEqual(['Wordpress', 'bravo', 'charlie', 'alpha', 'delta']);
    expect((await names('sort: MOST_DEPLOYED')).names).toHaveLength(5);
    expect(await names('filter: { type: VM }, sort: NAME')).toEqual({ names: ['Wordpress'], total: 1 });
    // keyword match (alpha, charlie) and description match ("Web publishing platform…")
    expect(await names('filter: { search: "web" }, sort: NAME')).toEqual({
      names: ['Wordpress', 'alpha', 'charlie'],
      total: 3,
    });
    expect(await names('filter: { search: "cache" }, sort: NAME')).toEqual({ names: ['charlie'], total: 1 });
    expect(await names('filter: { search: "CHAR" }, sort: NAME')).toEqual({ names: ['charlie'], total: 1 });
    const categories = (await lister.ok(`{ apps(first: 1) { edges { node { categories { id name appCount } } } } }`))
      .apps.edges[0].node.categories;
    expect(categories).toEqual([{ id: expect.any(String), name: 'uncategorized', appCount: 5 }]);
    expect(await names(`filter: { categoryId: "${categories[0].id}", mine: true }, sort: NAME`)).toEqual({
      names: ['Wordpress', 'alpha', 'bravo', 'charlie', 'delta'],
      total: 5,
    });
    expect(await names('filter: { status: [DELETED] }, sort: NAME')).toEqual({ names: [], total: 0 });
    expect(await lister.errorCode(`{ apps(after: "garbage") { totalCount } }`)).toBe('BAD_USER_INPUT');
  }, 60_000);
});
