/**
 * S3 repositories against a real S3 API (s3rver) through @aws-sdk/client-s3: publishing
 * charts and VM packages writes `<name>-<version>.tgz` and index.yaml; concurrent publishers
 * lose nothing; bad packages write nothing; foreign archives are adopted; validateRepo's S3
 * error codes; fetchPackage with digest check; and the S3 BlobStore.
 */
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { writeTarGz } from '../../src/packages/archive';
import { readPackageDirectory } from '../../src/packages/package-dir';
import { parseAllowList, STRICT_POLICY } from '../../src/net';
import {
  adoptUnindexedPackages,
  fetchPackage,
  InvalidPackageError,
  openRepo,
  parseRepoIndex,
  publishPackage,
  S3RepoBackend,
  unpublishPackage,
  validateRepo,
  type RepoWriter,
} from '../../src/repos';
import { planRepoSync } from '../support/repo-sync-steps';
import { createS3Client, FsBlobStore, S3BlobStore, type BlobStore } from '../../src/storage';
import { close, listen, port, startS3rver, type S3Server } from './repos-servers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain-JS generator
const { generateHostile } = require('../fixtures/hostile/generate-hostile.js') as {
  generateHostile(dir: string): Array<{ file: string }>;
};

const fixtures = join(__dirname, '../fixtures/packages');
const wordpressDir = join(__dirname, '../../../shared/reference/openpitrix-vm-package/Wordpress');
let s3: S3Server;
let client: S3Client;
const policy = parseAllowList('127.0.0.1');
const cred = () => ({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });

/** A small chart; fixed mtime so the same arguments always give the same bytes. */
function chart(name: string, version: string, extra = ''): Buffer {
  return writeTarGz(
    [
      {
        path: `${name}/Chart.yaml`,
        data: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: test chart ${extra}\n`),
      },
      {
        path: `${name}/templates/cm.yaml`,
        data: Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n'),
      },
    ],
    { mtime: new Date('2024-01-01T00:00:00Z') },
  );
}

async function keys(bucket: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function openS3(bucket: string, prefix = ''): Promise<S3RepoBackend> {
  const repo = await openRepo(
    { type: 'S3', url: `s3://${s3.host}/${bucket}${prefix ? '/' + prefix : ''}`, credential: cred() },
    { policy },
  );
  if (!(repo instanceof S3RepoBackend)) throw new Error('expected an S3 backend');
  return repo;
}

beforeAll(async () => {
  s3 = await startS3rver(['charts', 'vmpkgs', 'concurrent', 'hostile', 'adopt', 'blobs', 'empty']);
  client = createS3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, ...cred() });
});
afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

describe('publishing to an S3 repository', () => {
  it('stores the archive and a Helm index.yaml under the prefix', async () => {
    const repo = await openS3('charts', 'stable');
    const archive = chart('hello', '1.0.0');
    const r = await publishPackage(repo, archive, { format: 'helm' });
    expect(r).toMatchObject({
      name: 'hello',
      version: '1.0.0',
      file: 'hello-1.0.0.tgz',
      created: true,
      indexEntries: 1,
    });
    expect(await keys('charts')).toEqual(expect.arrayContaining(['stable/hello-1.0.0.tgz', 'stable/index.yaml']));
    const index = parseRepoIndex((await repo.read('index.yaml'))!);
    const entry = index.entries.get('hello')![0];
    expect(entry).toMatchObject({
      version: '1.0.0',
      urls: ['hello-1.0.0.tgz'],
      digest: createHash('sha256').update(archive).digest('hex'),
    });
    expect(await fetchPackage(repo, entry, { policy })).toEqual(archive);
  });

  it('is idempotent for identical bytes and refuses different bytes for a published version', async () => {
    const repo = await openS3('charts', 'stable');
    await expect(publishPackage(repo, chart('hello', '1.0.0'), { format: 'helm' })).resolves.toMatchObject({
      created: false,
    });
    await expect(publishPackage(repo, chart('hello', '1.0.0', 'changed'), { format: 'helm' })).rejects.toMatchObject({
      code: 'VERSION_EXISTS',
    });
  });

  it('refuses a VM package in a Helm repository', async () => {
    const repo = await openS3('charts', 'stable');
    const wp = writeTarGz(
      readPackageDirectory(wordpressDir).map((f) => ({ path: `Wordpress/${f.path}`, data: f.data })),
    );
    await expect(publishPackage(repo, wp, { format: 'helm' })).rejects.toMatchObject({ code: 'PACKAGE_TYPE_MISMATCH' });
  });

  it('publishes the WordPress VM package into an OpenPitrix VM index', async () => {
    const repo = await openS3('vmpkgs');
    const wp = writeTarGz(
      readPackageDirectory(wordpressDir).map((f) => ({ path: `Wordpress/${f.path}`, data: f.data })),
    );
    await publishPackage(repo, wp, { format: 'vm' });
    const text = (await repo.read('index.yaml'))!.toString();
    expect(text.startsWith('api_version: v1\n')).toBe(true);
    expect(parseRepoIndex(text).entries.get('Wordpress')![0]).toMatchObject({ version: '0.1.0', appVersion: '4.9.7' });
  });

  it('loses no version when 12 publishers write at the same time', async () => {
    const repo = await openS3('concurrent');
    // Separate clients so requests really interleave on separate connections.
    const repos = await Promise.all(Array.from({ length: 12 }, () => openS3('concurrent')));
    const results = await Promise.all(
      repos.map((r, i) => publishPackage(r, chart(`app${i % 4}`, `1.${i}.0`), { format: 'helm' })),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const index = parseRepoIndex((await repo.read('index.yaml'))!);
    const listed = [...index.entries.values()]
      .flat()
      .map((e) => `${e.name}@${e.version}`)
      .sort();
    expect(listed).toEqual(Array.from({ length: 12 }, (_, i) => `app${i % 4}@1.${i}.0`).sort());
    await Promise.all([
      unpublishPackage(repos[0], 'app0', '1.0.0', 'helm'),
      publishPackage(repos[1], chart('late', '2.0.0'), { format: 'helm' }),
    ]);
    const after = parseRepoIndex((await repo.read('index.yaml'))!);
    expect(after.entries.get('app0')!.map((e) => e.version)).toEqual(['1.8.0', '1.4.0']);
    expect(after.entries.get('late')![0].version).toBe('2.0.0');
  }, 60_000);

  it('keeps a version published while another publisher holds a stale view of the index', async () => {
    // Deterministic worst case: A has listed the entry records and built its index, then stalls
    // right before writing index.yaml; B publishes completely; then A's stale write lands.
    const real = await openS3('concurrent', 'race');
    let releaseA!: () => void;
    let aAtGate!: () => void;
    const aReachedGate = new Promise<void>((r) => (aAtGate = r));
    const gate = new Promise<void>((r) => (releaseA = r));
    let gated = true;
    const stallingRepo: RepoWriter = Object.assign(Object.create(real) as RepoWriter, {
      write: async (path: string, data: Buffer, o?: { contentType?: string; ifNoneMatch?: boolean }) => {
        if (path === 'index.yaml' && gated) {
          gated = false;
          aAtGate();
          await gate;
        }
        return real.write(path, data, o);
      },
    });
    const a = publishPackage(stallingRepo, chart('alpha', '1.0.0'), { format: 'helm' });
    await aReachedGate;
    await publishPackage(await openS3('concurrent', 'race'), chart('beta', '1.0.0'), { format: 'helm' });
    expect([...parseRepoIndex((await real.read('index.yaml'))!).entries.keys()].sort()).toEqual(['alpha', 'beta']);
    releaseA();
    await a;
    expect([...parseRepoIndex((await real.read('index.yaml'))!).entries.keys()].sort()).toEqual(['alpha', 'beta']);
  });

  it('writes nothing at all for any hostile package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-hostile-s3-'));
    try {
      const repo = await openS3('hostile');
      for (const c of generateHostile(dir)) {
        const err = await publishPackage(repo, readFileSync(join(dir, c.file)), { format: 'helm' }).catch(
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(InvalidPackageError);
      }
      expect(await keys('hostile')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('adopts archives dropped into the bucket by other tools', async () => {
    const repo = await openS3('adopt');
    await publishPackage(repo, chart('ours', '1.0.0'), { format: 'helm' });
    await repo.write('theirs-0.2.0.tgz', chart('theirs', '0.2.0'));
    await repo.write('junk.tgz', Buffer.from('not a package'));
    const r = await adoptUnindexedPackages(repo, 'helm');
    expect(r.adopted).toEqual(['theirs-0.2.0.tgz']);
    expect(r.skipped.map((s) => s.file)).toEqual(['junk.tgz']);
    expect([...parseRepoIndex((await repo.read('index.yaml'))!).entries.keys()].sort()).toEqual(['ours', 'theirs']);
  });

  it('syncs an S3 repository: plan, then unchanged on re-sync, empty bucket plans nothing', async () => {
    const repo = await openS3('adopt');
    const first = await planRepoSync(repo, { checksum: null, apps: new Map() });
    if (first.kind !== 'changed') throw new Error('first sync must change');
    expect(first.apps.map((a) => a.name)).toEqual(['ours', 'theirs']);
    const state = {
      checksum: first.checksum,
      etag: first.etag ?? null,
      apps: new Map(first.apps.map((a) => [a.name, new Map([[a.latest.version, a.latest.digest]])])),
    };
    expect(await planRepoSync(repo, state)).toMatchObject({ kind: 'unchanged', checksum: first.checksum });
    const emptyPlan = await planRepoSync(await openS3('empty', 'nothing-here'), { checksum: null, apps: new Map() });
    expect(emptyPlan).toMatchObject({ kind: 'changed', apps: [], versions: [], deleteVersions: [] });
  });

  it('detects a tampered archive when fetching it', async () => {
    const repo = await openS3('adopt');
    const entry = parseRepoIndex((await repo.read('index.yaml'))!).entries.get('ours')![0];
    await repo.write('ours-1.0.0.tgz', chart('ours', '1.0.0', 'tampered'));
    await expect(fetchPackage(repo, entry, { policy })).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });
});

describe('validateRepo on S3', () => {
  let gateway: Server;
  let gatewayPort = 0;

  beforeAll(async () => {
    // A read-only gateway in front of s3rver, like a bucket policy granting only s3:GetObject/ListBucket:
    // reads are forwarded, writes are answered with S3's AccessDenied error.
    gateway = createServer((req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        req.resume();
        res
          .writeHead(403, { 'Content-Type': 'application/xml' })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
          );
        return;
      }
      const up = request(
        {
          host: '127.0.0.1',
          port: Number(s3.host.split(':')[1]),
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    await listen(gateway);
    gatewayPort = port(gateway);
  });
  afterAll(async () => close(gateway));

  const v = (url: string, credential: Record<string, string> = cred(), p = policy, providers?: string[]) =>
    validateRepo({ type: 'S3', url, credential, providers }, { policy: p });

  it('accepts a readable, writable bucket (empty or with an index) and leaves no probe behind', async () => {
    await expect(v(`s3://${s3.host}/empty`)).resolves.toEqual({ ok: true, format: null, packages: 0 });
    await expect(v(`s3://${s3.host}/charts/stable`, cred(), policy, ['KUBERNETES'])).resolves.toMatchObject({
      ok: true,
      format: 'helm',
      packages: 1,
    });
    expect(await keys('empty')).toEqual([]);
  });

  it.each([
    ['BAD_URL', () => v('s3://')],
    ['BAD_URL', () => v(`s3://${s3.host}/X_bad_bucket`)],
    [
      'TYPE_MISMATCH',
      () => validateRepo({ type: 'S3', url: `http://${s3.host}/charts`, credential: cred() }, { policy }),
    ],
    ['MISSING_ACCESS_KEY_ID', () => v(`s3://${s3.host}/charts`, { secretAccessKey: 'x' })],
    ['MISSING_SECRET_ACCESS_KEY', () => v(`s3://${s3.host}/charts`, { accessKeyId: 'x' })],
    ['SSRF_BLOCKED', () => v(`s3://${s3.host}/charts`, cred(), STRICT_POLICY)],
    // s3rver checks the access key id (SigV4 signatures are not verified by it): an unknown key is refused.
    ['ACCESS_DENIED', () => v(`s3://${s3.host}/charts`, { accessKeyId: 'NOBODY', secretAccessKey: 'wrong' })],
    ['BUCKET_NOT_FOUND', () => v(`s3://${s3.host}/no-such-bucket`)],
    ['UNREACHABLE', () => v('s3://127.0.0.1:1/charts')],
    ['WRITE_DENIED', () => v(`s3://127.0.0.1:${gatewayPort}/charts/stable`)],
    ['INDEX_TYPE_MISMATCH', () => v(`s3://${s3.host}/vmpkgs`, cred(), policy, ['KUBERNETES'])],
  ])('returns %s', async (code, run) => {
    const r = await run();
    expect(r).toMatchObject({ ok: false, errorCode: code });
  });

  it('returns BAD_INDEX_YAML for a corrupt index', async () => {
    const repo = await openS3('empty', 'broken');
    await repo.write('index.yaml', Buffer.from('apiVersion: v1\nentries: [unclosed\n'));
    await expect(v(`s3://${s3.host}/empty/broken`)).resolves.toMatchObject({ ok: false, errorCode: 'BAD_INDEX_YAML' });
  });
});

describe('BlobStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-blobs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['filesystem', () => new FsBlobStore(dir)],
    ['S3', () => new S3BlobStore(client, 'blobs', 'packages')],
  ] as const)('%s: content-addressed put/get/exists/delete', async (_name, make) => {
    const store: BlobStore = make();
    const data = chart('blob', '1.0.0');
    const ref = await store.put(data);
    expect(ref).toEqual({ key: createHash('sha256').update(data).digest('hex'), size: data.length });
    await expect(store.put(data)).resolves.toEqual(ref);
    expect(await store.exists(ref.key)).toBe(true);
    expect(await store.get(ref.key)).toEqual(data);
    expect(await store.delete(ref.key)).toBe(true);
    expect(await store.exists(ref.key)).toBe(false);
    expect(await store.get(ref.key)).toBeNull();
    expect(await store.delete(ref.key)).toBe(false);
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_BLOB_KEY' });
  });

  it('detects a corrupted blob on read', async () => {
    const store = new S3BlobStore(client, 'blobs', 'packages');
    const ref = await store.put(Buffer.from('original'));
    const repo = await openS3('blobs', 'packages');
    await repo.write(`blobs/${ref.key}`, Buffer.from('tampered'));
    await expect(store.get(ref.key)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
  });
});
