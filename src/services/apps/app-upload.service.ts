import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { AppStatus, RepoType, Visibility } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { loadPackageArchive, type LoadedPackage } from '../../packages/package-loader';
import { packageFileName } from '../../packages/package-naming';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Actor } from '../auth/actor';
import { categoriesByIds } from '../categories/category-lookup';
import { PERMISSIONS } from '../auth/permissions';
import { InvalidStateFailure, NameTakenFailure, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import type { Platform } from '../platform';
import { checkRepoUpload, requestPublish } from '../repos/repo-publish';
import { tenancy } from '../tenancy';
import { vendorOfUploader } from '../vendor.service';
import { insertApp, insertVersion, replaceVersionPackage, type RowOwner, type StoredPackage } from './app-rows';
import { declarationsOf } from '../app-keys/app-declarations';
import { appTypeOfPackage, type PackageCheck, packageFailure } from './package-metadata';
import { readUpload, UploadError, type UploadedFile } from './upload-reader';

const MAX_NAME = 128;
const fail = (errorCode: string, path: string, message: string) =>
  new ValidationFailure(message, [{ path, message }], errorCode);

/**
 * Apps from uploaded packages: validation without storing, createApp (the app and its first
 * DRAFT version) and createAppVersion. A rejected upload changes nothing: the package is
 * validated completely before its blob is stored, and rows are written after. Uploads into an
 * S3 repo are published to the bucket only after their rows commit (services/repos/repo-publish).
 */
export class AppUploadService {
  constructor(
    private readonly platform: Platform,
    private readonly attachments: AttachmentStore,
  ) {}

  async validatePackage(actor: Actor, upload: Promise<UploadedFile>): Promise<PackageCheck> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const loaded = await this.load(upload);
    if (loaded instanceof ValidationFailure) return { ok: false, errors: loaded.details, errorCode: loaded.errorCode };
    return {
      ok: true,
      name: loaded.pkg.name,
      version: loaded.pkg.version,
      type: appTypeOfPackage(loaded.pkg),
      errors: [],
    };
  }

  async createApp(
    em: EntityManager,
    actor: Actor,
    input: {
      package: Promise<UploadedFile>;
      repoId?: string | null;
      categoryIds?: readonly string[] | null;
      icon?: Promise<UploadedFile> | null;
    },
  ): Promise<App | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const repo = input.repoId ? await this.writableRepo(em, actor, input.repoId) : undefined;
    if (repo instanceof ValidationFailure) return repo;
    const categories = await categoriesByIds(em, input.categoryIds);
    if (categories instanceof ValidationFailure) return categories;
    const loaded = await this.load(input.package);
    if (loaded instanceof ValidationFailure) return loaded;
    const { pkg, bytes } = loaded;
    const owner: RowOwner = repo
      ? { userId: actor.userId, workspaceId: repo.workspace.id, visibility: repo.visibility }
      : { userId: actor.userId, workspaceId: tenancy.homeWorkspaceId(actor), visibility: Visibility.PRIVATE };
    const taken = () =>
      new NameTakenFailure(
        `An app named "${pkg.name}" already exists ${repo ? `in repo "${repo.name}"` : 'in this workspace'}`,
      );
    if (
      await em.count(
        App,
        repo ? { repo: repo.id, name: pkg.name } : { workspace: owner.workspaceId, repo: null, name: pkg.name },
      )
    )
      return taken();
    const icons = input.icon
      ? await this.attachments.checkImages(
          [{ path: 'icon', label: 'the icon', upload: input.icon }],
          this.platform.config.images.icon,
          'INVALID_ICON',
        )
      : [];
    if (icons instanceof ValidationFailure) return icons;
    const refused = repo ? await checkRepoUpload(em, this.platform, repo, bytes) : undefined;
    if (refused) return refused;
    const stored = await this.store(pkg, bytes, repo !== undefined);
    const [icon] = await this.attachments.put(icons);
    try {
      return await em.transactional(async (tx) => {
        const app = await insertApp(tx, owner, stored, repo?.id, categories, icon);
        app.vendor = await vendorOfUploader(tx, actor.userId, owner.workspaceId);
        const version = await insertVersion(tx, owner, app, stored, actor.userId);
        if (repo)
          await requestPublish(tx, this.platform.events, {
            repoId: repo.id,
            versionId: version.id,
            workspaceId: owner.workspaceId,
            ownerId: actor.userId,
          });
        return app;
      });
    } catch (err) {
      await this.attachments.release(em, [stored.blob, icon?.blob]);
      if (err instanceof UniqueConstraintViolationException) return taken();
      throw err;
    }
  }

  async createVersion(
    em: EntityManager,
    actor: Actor,
    appId: string,
    upload: Promise<UploadedFile>,
    changelog?: string | null,
  ): Promise<AppVersion | ValidationFailure | InvalidStateFailure> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const app = tenancy.assertWritable(
      actor,
      isUuid(appId) ? await em.findOne(App, appId, { populate: ['repo'] }) : null,
      'App',
      appId,
    );
    if (app.status === AppStatus.DELETED)
      return new InvalidStateFailure(`App ${app.name} is deleted`, AppStatus.DELETED, 'createAppVersion');
    const repo = app.repo;
    if (repo && repo.type !== RepoType.S3)
      return fail(
        'READ_ONLY',
        'appId',
        `Versions of ${app.name} come from the read-only ${repo.type} repo "${repo.name}"`,
      );
    if ((changelog ?? '').length > 65536)
      return fail('INVALID_INPUT', 'changelog', 'changelog must be at most 65536 characters');
    const loaded = await this.loadFor(app, upload);
    if (loaded instanceof ValidationFailure) return loaded;
    const { pkg, bytes } = loaded;
    const duplicate = () => fail('VERSION_EXISTS', 'package', `${app.name} already has a version ${pkg.version}`);
    if (await em.count(AppVersion, { app: app.id, name: pkg.version })) return duplicate();
    const refused = repo ? await checkRepoUpload(em, this.platform, repo, bytes) : undefined;
    if (refused) return refused;
    const stored = await this.store(pkg, bytes, repo !== undefined);
    const owner: RowOwner = { userId: actor.userId, workspaceId: app.workspace.id, visibility: app.visibility };
    try {
      return await em.transactional(async (tx) => {
        const version = await insertVersion(
          tx,
          owner,
          await tx.findOneOrFail(App, app.id),
          stored,
          actor.userId,
          changelog?.trim() || undefined,
        );
        if (repo)
          await requestPublish(tx, this.platform.events, {
            repoId: repo.id,
            versionId: version.id,
            workspaceId: owner.workspaceId,
            ownerId: actor.userId,
          });
        return version;
      });
    } catch (err) {
      await this.attachments.release(em, [stored.blob]);
      if (err instanceof UniqueConstraintViolationException) return duplicate();
      throw err;
    }
  }

  /**
   * updateAppVersion's package: validated and stored before the transaction; the returned step points
   * the version at it inside the transaction (the state check happens there).
   */
  async packageReplacement(
    em: EntityManager,
    actor: Actor,
    versionId: string,
    upload: Promise<UploadedFile>,
  ): Promise<((tx: EntityManager, version: AppVersion) => Promise<void>) | ValidationFailure> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const found = isUuid(versionId) ? await em.findOne(AppVersion, versionId, { populate: ['app'] }) : null;
    const version = tenancy.assertWritable(actor, found, 'AppVersion', versionId);
    const app = version.app;
    if (app.repo)
      return fail('READ_ONLY', 'package', `Versions of ${app.name} live in a repo; add a new version instead`);
    const loaded = await this.loadFor(app, upload);
    if (loaded instanceof ValidationFailure) return loaded;
    const { pkg, bytes } = loaded;
    if (await em.count(AppVersion, { app: app.id, name: pkg.version, id: { $ne: version.id } }))
      return fail('VERSION_EXISTS', 'package', `${app.name} already has a version ${pkg.version}`);
    const stored = await this.store(pkg, bytes, false);
    const owner: RowOwner = { userId: actor.userId, workspaceId: version.workspace.id, visibility: version.visibility };
    return (tx, v) => replaceVersionPackage(tx, owner, v, stored);
  }

  /** Reads the upload under the size cap and loads it as a package (pure: nothing is stored). */
  /** Loads an upload meant as a version of `app`: the package must be of the app's type and name. */
  private async loadFor(
    app: App,
    upload: Promise<UploadedFile>,
  ): Promise<{ pkg: LoadedPackage; bytes: Buffer } | ValidationFailure> {
    const loaded = await this.load(upload);
    if (loaded instanceof ValidationFailure) return loaded;
    const { pkg } = loaded;
    if (appTypeOfPackage(pkg) !== app.type)
      return fail(
        'PACKAGE_TYPE_MISMATCH',
        'package',
        `The package is a ${appTypeOfPackage(pkg)} package; app ${app.name} is ${app.type}`,
      );
    if (pkg.name !== app.name)
      return fail('NAME_MISMATCH', 'package', `The package is named "${pkg.name}"; the app is "${app.name}"`);
    return loaded;
  }

  private async load(
    upload: Promise<UploadedFile>,
  ): Promise<{ pkg: LoadedPackage; bytes: Buffer } | ValidationFailure> {
    const max = this.platform.config.maxUploadBytes;
    let bytes: Buffer;
    try {
      bytes = (await readUpload(upload, max)).data;
    } catch (err) {
      if (err instanceof UploadError) return fail(err.code, 'package', err.message);
      throw err;
    }
    const result = loadPackageArchive(bytes, { limits: { maxArchiveBytes: max } });
    if (!result.ok) return packageFailure(result.issues);
    const declared = declarationsOf(result.pkg).problems;
    if (declared.length)
      return new ValidationFailure(
        `Invalid package: ${declared[0].path}: ${declared[0].message}`,
        declared,
        'INVALID_DECLARATION',
      );
    const { name, version } = result.pkg;
    if (name.length > MAX_NAME || version.length > MAX_NAME)
      return fail('INVALID_METADATA', '', `package name and version must be at most ${MAX_NAME} characters`);
    return { pkg: result.pkg, bytes };
  }

  private async writableRepo(em: EntityManager, actor: Actor, repoId: string): Promise<Repo | ValidationFailure> {
    const repo = tenancy.assertWritable(
      actor,
      isUuid(repoId) ? await em.findOne(Repo, { id: repoId, status: { $ne: 'deleted' } }) : null,
      'Repo',
      repoId,
    );
    if (repo.type !== RepoType.S3)
      return fail(
        'READ_ONLY',
        'repoId',
        `Repo "${repo.name}" is a read-only ${repo.type} repo; only S3 repos accept uploads`,
      );
    return repo;
  }

  /** Stores the archive blob; a version going into a repo refers to the file its publication writes there. */
  private async store(pkg: LoadedPackage, bytes: Buffer, intoRepo: boolean): Promise<StoredPackage> {
    const blob = await this.platform.blobs.put(bytes);
    const fileName = packageFileName(pkg.name, pkg.version);
    return { pkg, blob, fileName, packageRef: intoRepo ? fileName : undefined };
  }
}
