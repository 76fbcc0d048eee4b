import type { EntityManager } from '@mikro-orm/postgresql';
import { recordPackageSize } from '../../data/catalog/app-version.queries';
import { App } from '../../entities/app.entity';
import type { AppVersion } from '../../entities/app-version.entity';
import { Attachment } from '../../entities/attachment.entity';
import { AppType } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { readTarGz, stripTopDirectory, type ArchiveFile } from '../../packages/archive';
import { PackageError } from '../../packages/package-error';
import { loadTemplatePackage } from '../../packages/template/template-package.loader';
import type { IndexEntry } from '../../repos/index/repo-index.types';
import { templateConfigSchema } from '../instances/values/template-values';
import { fetchPackage } from '../../repos/package-fetch';
import { RepoError } from '../../repos/repo-errors';
import { badInput, unavailable } from '../errors';
import type { Platform } from '../platform';
import { openStoredRepo } from '../repos/repo-access';

/** Per request (keyed by its EntityManager): archives and parsed files by version and package, so several fields fetch and read a package once. */
interface RequestCache {
  readonly archives: Map<string, Promise<Buffer>>;
  readonly files: Map<string, Promise<readonly ArchiveFile[]>>;
  /** Package bytes this request holds: archives, unpacked files and decoded file texts. */
  bytes: number;
}
const perRequest = new WeakMap<EntityManager, RequestCache>();

function cacheOf(em: EntityManager): RequestCache {
  let cache = perRequest.get(em);
  if (!cache) perRequest.set(em, (cache = { archives: new Map(), files: new Map(), bytes: 0 }));
  return cache;
}

function memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) map.set(key, (value = make()));
  return value;
}

/** A version's package identity: its id and package, so an edit within the request reads the new package. */
const packageKey = (version: AppVersion) => `${version.id}:${version.packageAttachmentId ?? version.digest}`;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The package of a version and its files: uploaded packages come from the blob store;
 * repo packages are fetched from the repo when first needed (never copied at sync), verified
 * against the index digest and cached in the blob store by that digest.
 */
export class VersionPackageService {
  constructor(private readonly platform: Platform) {}

  /** The archive bytes (once per request). Throws UNAVAILABLE when the repo cannot deliver it. */
  archive(em: EntityManager, version: AppVersion): Promise<Buffer> {
    return memo(cacheOf(em).archives, packageKey(version), async () => {
      const bytes = await this.loadArchive(em, version);
      this.charge(em, bytes.length);
      return bytes;
    });
  }

  /**
   * Counts `size` package bytes against the request's budget (MARINA_MAX_REQUEST_PACKAGE_BYTES), so one
   * request cannot hold unbounded package data; BAD_USER_INPUT once it is spent.
   */
  private charge(em: EntityManager, size: number): void {
    const cache = cacheOf(em);
    const budget = this.platform.config.maxRequestPackageBytes;
    if (cache.bytes + size > budget)
      throw badInput(`This request would read more than ${budget} bytes of packages; ask for fewer versions or files`);
    cache.bytes += size;
  }

  private async loadArchive(em: EntityManager, version: AppVersion): Promise<Buffer> {
    if (version.packageAttachmentId) {
      const attachment = await em.findOne(Attachment, version.packageAttachmentId);
      const bytes = attachment ? await this.platform.blobs.get(attachment.sha256) : null;
      if (!bytes) throw unavailable(`The package of version ${version.id} is missing from the blob store`);
      return bytes;
    }
    if (version.digest) {
      const cached = await this.platform.blobs.get(version.digest);
      if (cached) return cached;
    }
    const bytes = await this.fetchFromRepo(em, version);
    await this.platform.blobs.put(bytes);
    await recordPackageSize(em, version.id, bytes.length);
    return bytes;
  }

  /** Files of the package, paths relative to its top-level directory, sorted. */
  files(em: EntityManager, version: AppVersion): Promise<readonly ArchiveFile[]> {
    return memo(cacheOf(em).files, packageKey(version), async () => {
      const files = unpack(version, await this.archive(em, version));
      this.charge(
        em,
        files.reduce((n, f) => n + f.data.length, 0),
      );
      return files;
    });
  }

  async fileNames(em: EntityManager, version: AppVersion): Promise<string[]> {
    return (await this.files(em, version)).map((f) => f.path).sort();
  }

  /** Text of one file, null when the package has no such file; BAD_USER_INPUT for a binary file. */
  async fileText(em: EntityManager, version: AppVersion, name: string): Promise<string | null> {
    const file = (await this.files(em, version)).find((f) => f.path === name.replace(/^\.?\//, ''));
    if (!file) return null;
    this.charge(em, file.data.length);
    try {
      return utf8.decode(file.data);
    } catch {
      throw badInput(`${name} is not a UTF-8 text file`);
    }
  }

  /** size in bytes of the package; fetched (and remembered) for repo versions not fetched yet. */
  async size(em: EntityManager, version: AppVersion): Promise<number> {
    return version.packageSize > 0 ? version.packageSize : (await this.archive(em, version)).length;
  }

  /** values.schema.json of a Helm chart (null when the chart has none or for other types). */
  async valuesSchema(em: EntityManager, version: AppVersion): Promise<unknown> {
    if (version.type !== AppType.HELM) return null;
    return this.jsonFile(em, version, 'values.schema.json');
  }

  /**
   * The deploy form: config.json of a VM package; for a template package a JSON schema of its
   * declared variables (templateConfigSchema: the store's one-click form); null for charts.
   */
  async configSchema(em: EntityManager, version: AppVersion): Promise<unknown> {
    if (version.type === AppType.VM) return this.jsonFile(em, version, 'config.json');
    if (version.type === AppType.TEMPLATE) {
      const loaded = loadTemplatePackage(await this.files(em, version));
      if (!loaded.ok) throw unavailable(`The template package of version ${version.id} cannot be read`);
      return templateConfigSchema(loaded.pkg.metadata);
    }
    return null;
  }

  private async jsonFile(em: EntityManager, version: AppVersion, name: string): Promise<unknown> {
    const text = await this.fileText(em, version, name);
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw unavailable(`${name} of version ${version.id} is not valid JSON: ${(err as Error).message}`);
    }
  }

  private async fetchFromRepo(em: EntityManager, version: AppVersion): Promise<Buffer> {
    const app = await em.findOneOrFail(App, version.app.id);
    const repo = app.repo ? await em.findOne(Repo, app.repo.id) : null;
    if (!repo || !version.packageRef) throw unavailable(`Version ${version.id} has no stored package`);
    const entry: IndexEntry = {
      name: app.name,
      version: version.name,
      urls: [version.packageRef],
      digest: version.digest,
      keywords: [],
      sources: [],
      maintainers: [],
      deprecated: false,
      metadata: {},
    };
    try {
      const backend = await openStoredRepo(em, this.platform, repo);
      return await fetchPackage(backend, entry, {
        policy: this.platform.outbound,
        maxBytes: this.platform.config.maxUploadBytes,
      });
    } catch (err) {
      if (err instanceof RepoError)
        throw unavailable(
          `The package of ${app.name} ${version.name} cannot be fetched from repo "${repo.name}": ${err.code}: ${err.message}`,
        );
      throw err;
    }
  }
}

function unpack(version: AppVersion, bytes: Buffer): readonly ArchiveFile[] {
  try {
    return stripTopDirectory(readTarGz(bytes)).files;
  } catch (err) {
    if (err instanceof PackageError)
      throw unavailable(`The package of version ${version.id} cannot be read: ${err.code}: ${err.message}`);
    throw err;
  }
}
