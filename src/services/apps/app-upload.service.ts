import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { Attachment } from '../../entities/attachment.entity';
import { Category } from '../../entities/category.entity';
import { AppStatus, AppType, RepoType, Visibility } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { loadPackageArchive, type LoadedPackage } from '../../packages/package-loader';
import { packageFileName } from '../../packages/package-naming';
import { isWritable } from '../../repos/repo-backend';
import { RepoError } from '../../repos/repo-errors';
import { publishPackage } from '../../repos/s3-repo.publisher';
import type { FileUpload } from '../../schema/scalars';
import type { BlobRef } from '../../storage/blob-store';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { type FieldProblem, InvalidStateFailure, NameTakenFailure, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import type { Platform } from '../platform';
import { openStoredRepo } from '../repos/repo-access';
import { indexFormatFor } from '../repos/repo-input';
import { tenancy } from '../tenancy';
import { insertApp, insertVersion, type RowOwner, type StoredPackage } from './app-rows';
import { checkIcon, ICON_MAX_BYTES } from './icon-check';
import { appTypeOfPackage, packageFailure } from './package-metadata';
import { readUpload, UploadError } from './upload-reader';

/** validatePackage's answer. */
export interface PackageCheck {
  readonly ok: boolean;
  readonly name?: string;
  readonly version?: string;
  readonly type?: AppType;
  readonly errors: readonly FieldProblem[];
  readonly errorCode?: string;
}

const MAX_NAME = 128;
const fail = (errorCode: string, path: string, message: string) => new ValidationFailure(message, [{ path, message }], errorCode);

/**
 * Apps from uploaded packages (C1–C3, D1, D2): validation without storing, createApp (the app
 * and its first DRAFT version) and createAppVersion. A rejected upload changes nothing: the
 * package is validated completely before its blob is stored, and rows are written after.
 */
export class AppUploadService {
  constructor(private readonly platform: Platform) {}

  async validatePackage(actor: Actor, upload: Promise<FileUpload>): Promise<PackageCheck> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const loaded = await this.load(upload);
    if (loaded instanceof ValidationFailure) return { ok: false, errors: loaded.details, errorCode: loaded.errorCode };
    return { ok: true, name: loaded.pkg.name, version: loaded.pkg.version, type: appTypeOfPackage(loaded.pkg), errors: [] };
  }

  async createApp(
    em: EntityManager,
    actor: Actor,
    input: { package: Promise<FileUpload>; repoId?: string | null; categoryIds?: readonly string[] | null; icon?: Promise<FileUpload> | null },
  ): Promise<App | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const repo = input.repoId ? await this.writableRepo(em, actor, input.repoId) : undefined;
    if (repo instanceof ValidationFailure) return repo;
    const categories = await this.categories(em, input.categoryIds);
    if (categories instanceof ValidationFailure) return categories;
    const loaded = await this.load(input.package);
    if (loaded instanceof ValidationFailure) return loaded;
    const { pkg, bytes } = loaded;
    const owner: RowOwner = repo
      ? { userId: actor.userId, workspaceId: repo.workspace.id, visibility: repo.visibility }
      : { userId: actor.userId, workspaceId: tenancy.homeWorkspaceId(actor), visibility: Visibility.PRIVATE };
    const taken = () => new NameTakenFailure(`An app named "${pkg.name}" already exists ${repo ? `in repo "${repo.name}"` : 'in this workspace'}`);
    if (await em.count(App, repo ? { repo: repo.id, name: pkg.name } : { workspace: owner.workspaceId, repo: null, name: pkg.name })) return taken();
    const icon = input.icon ? await this.icon(input.icon) : undefined;
    if (icon instanceof ValidationFailure) return icon;
    const published = repo ? await this.publish(em, repo, bytes) : undefined;
    if (published instanceof ValidationFailure) return published;
    const stored = await this.store(pkg, bytes, published);
    const iconBlob = icon ? { blob: await this.platform.blobs.put(icon.data), contentType: icon.contentType } : undefined;
    try {
      return await em.transactional(async (tx) => {
        const app = await insertApp(tx, owner, stored, repo?.id, categories, iconBlob);
        await insertVersion(tx, owner, app, stored, actor.userId);
        return app;
      });
    } catch (err) {
      await this.release(em, [stored.blob, iconBlob?.blob]);
      if (err instanceof UniqueConstraintViolationException) return taken();
      throw err;
    }
  }

  async createVersion(em: EntityManager, actor: Actor, appId: string, upload: Promise<FileUpload>, changelog?: string | null): Promise<AppVersion | ValidationFailure | InvalidStateFailure> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const app = tenancy.assertWritable(actor, isUuid(appId) ? await em.findOne(App, appId, { populate: ['repo'] }) : null, 'App', appId);
    if (app.status === AppStatus.DELETED) return new InvalidStateFailure(`App ${app.name} is deleted`, AppStatus.DELETED, 'createAppVersion');
    const repo = app.repo;
    if (repo && repo.type !== RepoType.S3) return fail('READ_ONLY', 'appId', `Versions of ${app.name} come from the read-only ${repo.type} repo "${repo.name}"`);
    if ((changelog ?? '').length > 65536) return fail('INVALID_INPUT', 'changelog', 'changelog must be at most 65536 characters');
    const loaded = await this.load(upload);
    if (loaded instanceof ValidationFailure) return loaded;
    const { pkg, bytes } = loaded;
    if (appTypeOfPackage(pkg) !== app.type) return fail('PACKAGE_TYPE_MISMATCH', 'package', `The package is a ${appTypeOfPackage(pkg)} package; app ${app.name} is ${app.type}`);
    if (pkg.name !== app.name) return fail('NAME_MISMATCH', 'package', `The package is named "${pkg.name}"; the app is "${app.name}"`);
    const duplicate = () => fail('VERSION_EXISTS', 'package', `${app.name} already has a version ${pkg.version}`);
    if (await em.count(AppVersion, { app: app.id, name: pkg.version })) return duplicate();
    const published = repo ? await this.publish(em, repo, bytes) : undefined;
    if (published instanceof ValidationFailure) return published;
    const stored = await this.store(pkg, bytes, published);
    const owner: RowOwner = { userId: actor.userId, workspaceId: app.workspace.id, visibility: app.visibility };
    try {
      return await em.transactional(async (tx) => insertVersion(tx, owner, await tx.findOneOrFail(App, app.id), stored, actor.userId, changelog?.trim() || undefined));
    } catch (err) {
      await this.release(em, [stored.blob]);
      if (err instanceof UniqueConstraintViolationException) return duplicate();
      throw err;
    }
  }

  /** Reads the upload under the size cap and loads it as a package (pure: nothing is stored). */
  private async load(upload: Promise<FileUpload>): Promise<{ pkg: LoadedPackage; bytes: Buffer } | ValidationFailure> {
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
    const { name, version } = result.pkg;
    if (name.length > MAX_NAME || version.length > MAX_NAME) return fail('INVALID_METADATA', '', `package name and version must be at most ${MAX_NAME} characters`);
    return { pkg: result.pkg, bytes };
  }

  private async icon(upload: Promise<FileUpload>): Promise<{ data: Buffer; contentType: string } | ValidationFailure> {
    let data: Buffer;
    try {
      data = (await readUpload(upload, ICON_MAX_BYTES)).data;
    } catch (err) {
      if (err instanceof UploadError) return fail('INVALID_ICON', 'icon', err.message);
      throw err;
    }
    const check = checkIcon(data);
    return check.ok ? { data, contentType: check.contentType } : fail('INVALID_ICON', 'icon', check.message);
  }

  private async writableRepo(em: EntityManager, actor: Actor, repoId: string): Promise<Repo | ValidationFailure> {
    const repo = tenancy.assertWritable(actor, isUuid(repoId) ? await em.findOne(Repo, { id: repoId, status: { $ne: 'deleted' } }) : null, 'Repo', repoId);
    if (repo.type !== RepoType.S3) return fail('READ_ONLY', 'repoId', `Repo "${repo.name}" is a read-only ${repo.type} repo; only S3 repos accept uploads`);
    return repo;
  }

  private async categories(em: EntityManager, ids: readonly string[] | null | undefined): Promise<Category[] | ValidationFailure> {
    if (!ids?.length) return [];
    const unique = [...new Set(ids)];
    const found = unique.every(isUuid) ? await em.find(Category, { id: { $in: unique } }) : [];
    const missing = unique.filter((id) => !found.some((c) => c.id === id));
    return missing.length ? fail('UNKNOWN_CATEGORY', 'categoryIds', `Unknown categories: ${missing.join(', ')}`) : found;
  }

  /** B3: writes `<name>-<version>.tgz` and regenerates index.yaml in the S3 repo. */
  private async publish(em: EntityManager, repo: Repo, bytes: Buffer): Promise<{ file: string } | ValidationFailure> {
    try {
      const backend = await openStoredRepo(em, this.platform, repo);
      if (!isWritable(backend)) return fail('READ_ONLY', 'repoId', `Repo "${repo.name}" is read-only`);
      const result = await publishPackage(backend, bytes, { format: indexFormatFor(repo.providers), load: { limits: { maxArchiveBytes: this.platform.config.maxUploadBytes } } });
      return { file: result.file };
    } catch (err) {
      if (err instanceof RepoError) return fail(err.code, 'package', `Publishing to repo "${repo.name}" failed: ${err.message}`);
      throw err;
    }
  }

  private async store(pkg: LoadedPackage, bytes: Buffer, published: { file: string } | undefined): Promise<StoredPackage> {
    const blob = await this.platform.blobs.put(bytes);
    return { pkg, blob, fileName: packageFileName(pkg.name, pkg.version), packageRef: published?.file };
  }

  /** After a failed insert: drops blobs no attachment refers to (content-addressed blobs may be shared). */
  private async release(em: EntityManager, blobs: readonly (BlobRef | undefined)[]): Promise<void> {
    for (const blob of blobs) {
      if (blob && (await em.fork().count(Attachment, { sha256: blob.key })) === 0) await this.platform.blobs.delete(blob.key);
    }
  }
}

