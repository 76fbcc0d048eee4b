/**
 * Editing a COMPOSED version's definition through the API (seed 003's canvas): add/update/remove a
 * node or an edge while the version is DRAFT (or REJECTED, which the edit returns to DRAFT — the
 * `edit` transition of PRODUCT.md D3, as updateAppVersion). Every change is validated as a whole
 * (a cycle is a ValidationError naming it); the version's package is then rewritten with the new
 * app.json and stored like an uploaded one, so the package stays the source of truth and
 * `AppVersion.composition`, downloads and deploys all see the same definition. A refused edit
 * changes nothing (the package blob is stored only once the change is valid).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { AppType } from '../../entities/enums';
import { writeTarGz } from '../../packages/archive';
import { parseComposedDefinition } from '../../packages/composed/composed-definition.parse';
import { applyCompositionEdit, type CompositionEdit } from '../../packages/composed/composed-edits';
import { withAppJson } from '../../packages/composed/composed-package.loader';
import { loadPackageArchive } from '../../packages/package-loader';
import { packageFileName } from '../../packages/package-naming';
import type { VersionPackageService } from '../apps/version-package.service';
import { replaceVersionPackage } from '../apps/app-rows';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { InvalidStateFailure, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import type { Platform } from '../platform';
import { tenancy } from '../tenancy';
import { illegal } from '../versions/version-transition';
import { nextVersionStatus } from '../versions/version-status.machine';
import type { VersionLifecycleService } from '../versions/version-lifecycle.service';
import { compositionOf } from './composed-version';

export type CompositionOutcome = AppVersion | ValidationFailure | InvalidStateFailure;

const fail = (errorCode: string, path: string, message: string) =>
  new ValidationFailure(message, [{ path, message }], errorCode);

export class ComposedEditService {
  constructor(
    private readonly platform: Platform,
    private readonly packages: VersionPackageService,
    private readonly versions: VersionLifecycleService,
  ) {}

  async edit(em: EntityManager, actor: Actor, versionId: string, change: CompositionEdit): Promise<CompositionOutcome> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const found = isUuid(versionId) ? await em.findOne(AppVersion, versionId, { populate: ['app'] }) : null;
    const version = tenancy.assertWritable(actor, found, 'AppVersion', versionId);
    if (version.type !== AppType.COMPOSED)
      return fail(
        'NOT_COMPOSED',
        'versionId',
        `Version ${version.name} is a ${version.type} package, not a composed app`,
      );
    if (version.app.repo)
      return fail(
        'READ_ONLY',
        'versionId',
        `Versions of ${version.app.name} live in a repo; add a new version instead`,
      );
    if (!nextVersionStatus(version.status, 'edit')) return illegal(version, 'edit');
    const edit = applyCompositionEdit(compositionOf(version), change);
    if (!edit.ok) return fail('INVALID_EDIT', 'input', edit.problem);
    const parsed = parseComposedDefinition(edit.document);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      return new ValidationFailure(
        `Invalid composition: ${first.path}: ${first.message}`,
        parsed.issues.map((i) => ({ path: i.path, message: i.message })),
        'INVALID_COMPOSITION',
      );
    }
    const stored = await this.storePackage(em, version, edit.document);
    if (stored instanceof ValidationFailure) return stored;
    const owner = { userId: actor.userId, workspaceId: version.workspace.id, visibility: version.visibility };
    return this.versions.update(em, actor, version.id, {
      replacePackage: (tx, v) => replaceVersionPackage(tx, owner, v, stored),
    });
  }

  /** The version's files with the new app.json, archived, re-loaded (the same checks as an upload) and stored. */
  private async storePackage(em: EntityManager, version: AppVersion, document: unknown) {
    const files = withAppJson(await this.packages.files(em, version), document);
    const root = version.app.name;
    const bytes = writeTarGz(files.map((f) => ({ path: `${root}/${f.path}`, data: f.data, mode: f.mode })));
    const loaded = loadPackageArchive(bytes, { limits: { maxArchiveBytes: this.platform.config.maxUploadBytes } });
    if (!loaded.ok)
      return new ValidationFailure(
        `Invalid package: ${loaded.issues[0].path}: ${loaded.issues[0].message}`,
        loaded.issues.map((i) => ({ path: i.path, message: `${i.code}: ${i.message}` })),
        loaded.issues[0].code,
      );
    const blob = await this.platform.blobs.put(bytes);
    return { pkg: loaded.pkg, blob, fileName: packageFileName(loaded.pkg.name, loaded.pkg.version) };
  }
}
