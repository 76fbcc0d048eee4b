import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { Category } from '../../entities/category.entity';
import { VersionStatus, type Visibility } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { User } from '../../entities/user.entity';
import { VersionAudit } from '../../entities/version-audit.entity';
import { Workspace } from '../../entities/workspace.entity';
import { compareVersions } from '../../packages/package-version';
import type { LoadedPackage } from '../../packages/package-loader';
import type { BlobRef } from '../../storage/blob-store';
import { recordAttachment } from '../attachments/attachment-rows';
import type { StoredImage } from '../attachments/attachment-store';
import { UNCATEGORIZED } from '../bootstrap.service';
import { deriveAppStatus } from './app-status';
import { declarationsOf } from '../app-keys/app-declarations';
import { appFieldsOf, appTypeOfPackage, versionMetadataOf } from './package-metadata';

/** A version's stored metadata: what the package declares, with its AppKey identity (services/app-keys). */
function storedMetadataOf(pkg: StoredPackage['pkg']): Record<string, unknown> {
  const { identity } = declarationsOf(pkg).declared;
  return identity ? { ...versionMetadataOf(pkg), identity } : versionMetadataOf(pkg);
}

/** Who owns new rows and where they live. */
export interface RowOwner {
  readonly userId: string;
  readonly workspaceId: string;
  readonly visibility: Visibility;
}

/** A stored upload: the package as loaded, its blob, and (when published to an S3 repo) its file there. */
export interface StoredPackage {
  readonly pkg: LoadedPackage;
  readonly blob: BlobRef;
  readonly fileName: string;
  readonly packageRef?: string;
}

/** Creates the app of an upload (metadata from the package) with categories (default: uncategorized). Flushes. */
export async function insertApp(
  tx: EntityManager,
  owner: RowOwner,
  stored: StoredPackage,
  repoId: string | undefined,
  categories: readonly Category[],
  icon?: StoredImage,
): Promise<App> {
  const fields = appFieldsOf(stored.pkg);
  if (icon)
    recordAttachment(tx, owner, icon.blob, {
      fileName: icon.fileName,
      purpose: 'icon',
      contentType: icon.image.contentType,
    });
  const app = tx.create(App, {
    name: stored.pkg.name,
    type: appTypeOfPackage(stored.pkg),
    visibility: owner.visibility,
    description: fields.description,
    readme: fields.readme,
    home: fields.home,
    icon: icon ? icon.url : fields.icon,
    keywords: fields.keywords,
    sources: fields.sources,
    screenshots: fields.screenshots,
    maintainers: fields.maintainers,
    deliveryMode: declarationsOf(stored.pkg).declared.deliveryMode,
    deploymentMode: declarationsOf(stored.pkg).declared.deploymentMode,
    repo: repoId ? tx.getReference(Repo, repoId) : undefined,
    owner: tx.getReference(User, owner.userId),
    workspace: tx.getReference(Workspace, owner.workspaceId),
  });
  const linked = categories.length > 0 ? categories : [await tx.findOneOrFail(Category, { name: UNCATEGORIZED })];
  for (const c of linked) app.categories.add(c);
  await tx.flush();
  return app;
}

/**
 * Adds a DRAFT version from an upload (with its package attachment and the audit row of the
 * creation), re-ranks the app's versions by SemVer and re-derives the app status. Flushes.
 */
export async function insertVersion(
  tx: EntityManager,
  owner: RowOwner,
  app: App,
  stored: StoredPackage,
  actorId: string,
  changelog?: string,
): Promise<AppVersion> {
  const pkgRow = recordAttachment(tx, owner, stored.blob, {
    fileName: stored.fileName,
    purpose: 'package',
    contentType: 'application/gzip',
  });
  const version = tx.create(AppVersion, {
    app,
    name: stored.pkg.version,
    appVersion: stored.pkg.appVersion,
    description: stored.pkg.description,
    changelog,
    status: VersionStatus.DRAFT,
    type: app.type,
    visibility: owner.visibility,
    digest: stored.blob.key,
    packageSize: stored.blob.size,
    packageAttachmentId: pkgRow.id,
    packageRef: stored.packageRef,
    metadata: storedMetadataOf(stored.pkg),
    owner: tx.getReference(User, owner.userId),
    workspace: tx.getReference(Workspace, owner.workspaceId),
  });
  tx.create(VersionAudit, {
    version,
    action: 'create',
    toStatus: VersionStatus.DRAFT,
    actor: tx.getReference(User, actorId),
    role: 'developer',
  });
  await tx.flush();
  const versions = await tx.find(AppVersion, { app: app.id });
  versions.sort((a, b) => compareVersions(a.name, b.name)).forEach((v, i) => (v.sequence = i + 1));
  app.status = deriveAppStatus(versions.map((v) => v.status));
  await tx.flush();
  return version;
}

/** Points an editable version at a newly stored package (attachment, digest, metadata) and re-ranks the app's versions. Flushes. */
export async function replaceVersionPackage(
  tx: EntityManager,
  owner: RowOwner,
  version: AppVersion,
  stored: StoredPackage,
): Promise<void> {
  const pkgRow = recordAttachment(tx, owner, stored.blob, {
    fileName: stored.fileName,
    purpose: 'package',
    contentType: 'application/gzip',
  });
  Object.assign(version, {
    name: stored.pkg.version,
    appVersion: stored.pkg.appVersion,
    description: stored.pkg.description,
    digest: stored.blob.key,
    packageSize: stored.blob.size,
    packageAttachmentId: pkgRow.id,
    metadata: storedMetadataOf(stored.pkg),
  });
  await tx.flush();
  const versions = await tx.find(AppVersion, { app: version.app.id });
  versions.sort((a, b) => compareVersions(a.name, b.name)).forEach((v, i) => (v.sequence = i + 1));
  await tx.flush();
}
