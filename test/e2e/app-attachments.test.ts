/**
 * updateApp and attachments over GraphQL multipart uploads against a real Marina (PostgreSQL +
 * Redis, filesystem blob store): metadata, icon and screenshots changed, every image served at
 * /attachments/<sha256> with its caching and safety headers; bad images refused with nothing
 * stored; no edits while a version is in review or the app is suspended; tenancy; category icons.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphQLClient } from '../support/graphql-client';
import { jpegImage, pngImage, svgImage } from '../support/images';
import { startTestMarina, type TestMarina } from '../support/marina';
import { type Authed, blobFiles, developer, uploadOk, uploadRequest, type UploadFile } from './catalog-support';
import { act, releaseVersion, review, uploadChart } from './lifecycle-support';

const UPDATE_APP = `mutation($input: UpdateAppInput!) { updateApp(input: $input) {
  __typename
  ... on App { id name description abstraction readme home keywords icon screenshots categories { name } }
  ... on InvalidStateError { from action }
  ... on ValidationError { details { path message } }
  ... on ErrorResult { errorCode message } } }`;

const APP = `query($id: ID!) { app(id: $id) { name description abstraction readme home keywords icon screenshots categories { name } } }`;

let t: TestMarina;
let blobDir: string;
let dev: Authed;
let admin: GraphQLClient;
let origin: string;

beforeAll(async () => {
  blobDir = mkdtempSync(join(tmpdir(), 'marina-attach-'));
  t = await startTestMarina('app_attachments', { env: { MARINA_BLOB_DIR: blobDir } });
  dev = await developer(t);
  admin = await t.admin();
  origin = new URL(t.url).origin;
}, 60_000);

afterAll(async () => {
  await t?.stop();
  rmSync(blobDir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const update = (client: GraphQLClient, input: Record<string, unknown>, files: UploadFile[] = []) =>
  uploadOk(client, UPDATE_APP, { input }, files).then((d) => d.updateApp);
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers });

describe('updateApp', () => {
  it('changes metadata, categories, icon and screenshots; every image is served by its hash', async () => {
    const { appId } = await uploadChart(dev, 'attach-full');
    const category = (await admin.ok(`mutation { createCategory(name: "Caches") { id } }`)).createCategory.id;
    const icon = pngImage(64, 64);
    const shot1 = jpegImage(320, 200);
    const shot2 = pngImage(300, 200, 7);
    const shot3 = svgImage('<rect width="10" height="10" fill="#f00"/>', 400, 300);
    const input = {
      id: appId,
      name: 'attach-renamed',
      description: 'An in-memory cache',
      abstraction: 'cache',
      readme: '# Cache',
      home: 'https://cache.example',
      keywords: ['cache', ' kv ', 'cache'],
      categoryIds: [category],
    };
    const app = await update(dev, input, [
      { at: 'input.icon', data: icon, filename: 'icon.png' },
      { at: 'input.screenshots.0', data: shot1, filename: 'a.jpg' },
      { at: 'input.screenshots.1', data: shot2, filename: 'b.png' },
      { at: 'input.screenshots.2', data: shot3, filename: 'c.svg' },
    ]);
    expect(app).toMatchObject({
      __typename: 'App',
      name: 'attach-renamed',
      description: 'An in-memory cache',
      abstraction: 'cache',
      readme: '# Cache',
      home: 'https://cache.example',
      keywords: ['cache', 'kv'],
      categories: [{ name: 'Caches' }],
      icon: `/attachments/${sha256(icon)}`,
    });
    expect(app.screenshots.slice(0, 2)).toEqual([`/attachments/${sha256(shot1)}`, `/attachments/${sha256(shot2)}`]);
    expect(app.screenshots[2]).toMatch(/^\/attachments\/[0-9a-f]{64}$/);
    expect((await dev.ok(APP, { id: appId })).app).toMatchObject({ icon: app.icon, screenshots: app.screenshots });

    for (const [url, bytes, type] of [
      [app.icon, icon, 'image/png'],
      [app.screenshots[0], shot1, 'image/jpeg'],
      [app.screenshots[1], shot2, 'image/png'],
    ] as const) {
      const res = await get(url);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, type]);
      expect(res.headers.get('etag')).toBe(`"${url.split('/').pop()}"`);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBeNull();
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const svg = await get(app.screenshots[2]);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; style-src 'unsafe-inline'");
    expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
    const served = Buffer.from(await svg.arrayBuffer());
    expect(sha256(served)).toBe(app.screenshots[2].split('/').pop());
    expect(served.toString()).toContain('<rect width="10" height="10" fill="#f00"/>');

    const etag = `"${sha256(icon)}"`;
    const cached = await get(app.icon, { 'if-none-match': `W/"nope", ${etag}` });
    expect([cached.status, cached.headers.get('etag'), (await cached.arrayBuffer()).byteLength]).toEqual([
      304,
      etag,
      0,
    ]);
    expect((await get(app.icon, { 'if-none-match': '"other"' })).status).toBe(200);

    const again = await update(dev, { id: appId, screenshots: [], description: '', home: null });
    expect(again).toMatchObject({ __typename: 'App', screenshots: [], icon: app.icon, name: 'attach-renamed' });
    expect((await dev.ok(APP, { id: appId })).app).toMatchObject({
      description: null,
      home: 'https://cache.example',
      screenshots: [],
    });
  });

  it('serves no unknown hash and never a package blob', async () => {
    const { versionId } = await uploadChart(dev, 'attach-package');
    const { appVersion } = await dev.ok(`query($id: ID!) { appVersion(id: $id) { digest } }`, { id: versionId });
    expect(blobFiles(blobDir).some((f) => f.endsWith(appVersion.digest))).toBe(true);
    expect((await get(`/attachments/${appVersion.digest}`)).status).toBe(404);
    expect((await get(`/attachments/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await get('/attachments/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('refuses an oversized, a non-image and a script-carrying icon with a clear error, storing nothing', async () => {
    const { appId } = await uploadChart(dev, 'attach-bad');
    const before = blobFiles(blobDir).length;
    const cases: [Buffer, string][] = [
      [pngImage(120, 90), 'the icon is 120×90 px; at most 96×96 are allowed'],
      [Buffer.alloc(21 * 1024, 1), 'the icon is larger than 20480 bytes'],
      [Buffer.from('just some text, named icon.png\n'), 'the icon is not a PNG, JPEG or SVG image'],
      [
        svgImage('<script>fetch("/graphql",{method:"POST"})</script><circle r="4"/>'),
        'the icon is an SVG with active content, which is not allowed: <script> element',
      ],
      [
        svgImage('<image xlink:href="https://tracker.example/p.png"/>'),
        'the icon is an SVG with active content, which is not allowed: link xlink:href="https://tracker.example/p.png" on <image>',
      ],
    ];
    for (const [data, message] of cases) {
      const result = await update(dev, { id: appId, description: 'changed' }, [
        { at: 'input.icon', data, filename: 'icon.png' },
      ]);
      expect(result).toEqual({
        __typename: 'ValidationError',
        errorCode: 'INVALID_ICON',
        message,
        details: [{ path: 'icon', message }],
      });
    }
    const shot = await update(dev, { id: appId }, [
      { at: 'input.screenshots.0', data: pngImage(10, 10), filename: 'a.png' },
      { at: 'input.screenshots.1', data: Buffer.from('%PDF-1.7'), filename: 'b.png' },
    ]);
    expect(shot).toMatchObject({
      errorCode: 'INVALID_SCREENSHOT',
      details: [{ path: 'screenshots.1', message: 'screenshot 2 is not a PNG, JPEG or SVG image' }],
    });
    const seven = Array.from({ length: 7 }, (_, i) => ({
      at: `input.screenshots.${i}`,
      data: pngImage(8, 8, i),
    }));
    expect(await update(dev, { id: appId }, seven)).toMatchObject({ errorCode: 'TOO_MANY_SCREENSHOTS' });
    expect(await update(dev, { id: appId, home: 'javascript:alert(1)' })).toMatchObject({
      errorCode: 'INVALID_INPUT',
      details: [{ path: 'home' }],
    });
    expect(blobFiles(blobDir)).toHaveLength(before);
    expect((await dev.ok(APP, { id: appId })).app).toMatchObject({ description: 'attach-bad chart', icon: null });
  });

  it('returns InvalidStateError and changes nothing while a version is in review', async () => {
    const { appId, versionId } = await uploadChart(dev, 'attach-review');
    const before = (await dev.ok(APP, { id: appId })).app;
    const blobs = blobFiles(blobDir).length;
    const attempt = () =>
      update(dev, { id: appId, description: 'edited in review', keywords: ['x'] }, [
        { at: 'input.icon', data: pngImage(32, 32, 3) },
      ]);
    expect(await act(dev, 'submitAppVersion', versionId)).toMatchObject({ status: 'SUBMITTED' });
    expect(await attempt()).toMatchObject({
      __typename: 'InvalidStateError',
      errorCode: 'INVALID_STATE',
      from: 'SUBMITTED',
      action: 'update',
    });
    expect(await review(admin, 'startReview', versionId, 'ISV')).toMatchObject({ status: 'IN_REVIEW' });
    expect(await attempt()).toMatchObject({ __typename: 'InvalidStateError', from: 'IN_REVIEW', action: 'update' });
    expect((await dev.ok(APP, { id: appId })).app).toEqual(before);
    expect(blobFiles(blobDir)).toHaveLength(blobs);

    expect(await act(dev, 'cancelAppVersion', versionId)).toMatchObject({ status: 'DRAFT' });
    expect(await attempt()).toMatchObject({ __typename: 'App', description: 'edited in review' });
  });

  it('returns InvalidStateError for a suspended app', async () => {
    const { appId, versionId } = await uploadChart(dev, 'attach-suspended');
    await releaseVersion(dev, admin, versionId);
    expect(await update(dev, { id: appId, abstraction: 'live' })).toMatchObject({ __typename: 'App' });
    await admin.ok(`mutation($id: ID!) { suspendApp(id: $id) { __typename } }`, { id: appId });
    expect(await update(dev, { id: appId, abstraction: 'hidden' })).toMatchObject({
      __typename: 'InvalidStateError',
      from: 'SUSPENDED',
      action: 'update',
    });
    expect((await dev.ok(APP, { id: appId })).app.abstraction).toBe('live');
  });

  it("another workspace's developer cannot update the app (NOT_FOUND), nor a user without app:develop", async () => {
    const { appId } = await uploadChart(dev, 'attach-tenancy');
    const other = await developer(t, 'other');
    const res = await uploadRequest(other, UPDATE_APP, { input: { id: appId, description: 'hijacked' } }, [
      { at: 'input.icon', data: pngImage(16, 16) },
    ]);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const user = await t.newUser('plain');
    expect(await user.errorCode(UPDATE_APP, { input: { id: appId, description: 'x' } })).toBe('FORBIDDEN');
    expect((await dev.ok(APP, { id: appId })).app).toMatchObject({ description: 'attach-tenancy chart', icon: null });
  });

  it('name taken in the workspace is a NameTakenError', async () => {
    await uploadChart(dev, 'attach-name-a');
    const { appId } = await uploadChart(dev, 'attach-name-b');
    expect(await update(dev, { id: appId, name: 'attach-name-a' })).toMatchObject({
      __typename: 'NameTakenError',
      errorCode: 'NAME_TAKEN',
    });
  });
});

describe('category icons', () => {
  const CREATE = `mutation($n: String!, $i: Upload) { createCategory(name: $n, icon: $i) { id name icon } }`;
  const UPDATE = `mutation($id: ID!, $i: Upload, $d: String) { updateCategory(id: $id, icon: $i, description: $d) { id icon description } }`;

  it('createCategory and updateCategory take an icon checked like app icons', async () => {
    const icon = svgImage('<circle cx="8" cy="8" r="8"/>', 16, 16);
    const created = (await uploadOk(admin, CREATE, { n: 'Icons' }, [{ at: 'i', data: icon }])).createCategory;
    expect(created.icon).toMatch(/^\/attachments\/[0-9a-f]{64}$/);
    const res = await get(created.icon);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');

    const png = pngImage(24, 24);
    const updated = (await uploadOk(admin, UPDATE, { id: created.id, d: 'with a PNG' }, [{ at: 'i', data: png }]))
      .updateCategory;
    expect(updated).toEqual({ id: created.id, icon: `/attachments/${sha256(png)}`, description: 'with a PNG' });

    const blobs = blobFiles(blobDir).length;
    const evil = svgImage('<rect width="4" height="4"/>', 16, 16)
      .toString()
      .replace('<svg ', '<svg onload="alert(1)" ');
    const refused = await uploadRequest(admin, CREATE, { n: 'Evil' }, [{ at: 'i', data: Buffer.from(evil) }]);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'the icon is an SVG with active content, which is not allowed: onload handler on <svg>',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const noImage = await uploadRequest(admin, UPDATE, { id: created.id }, [{ at: 'i', data: Buffer.from('hi') }]);
    expect(noImage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(blobFiles(blobDir)).toHaveLength(blobs);
    const { categories } = await admin.ok(`{ categories { name icon } }`);
    expect(categories.filter((c: { name: string }) => c.name === 'Evil')).toEqual([]);
    expect(categories.find((c: { name: string }) => c.name === 'Icons').icon).toBe(updated.icon);
    expect(
      await dev.errorCode(`mutation($id: ID!) { updateCategory(id: $id, description: "x") { id } }`, {
        id: created.id,
      }),
    ).toBe('FORBIDDEN');
  });
});
