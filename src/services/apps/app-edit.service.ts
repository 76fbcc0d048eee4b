import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { Category } from '../../entities/category.entity';
import type { AttachmentStore, ImageUpload, StoredImage } from '../attachments/attachment-store';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { UNCATEGORIZED } from '../bootstrap.service';
import { categoriesByIds } from '../categories/category-lookup';
import { InvalidStateFailure, NameTakenFailure, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import type { Platform } from '../platform';
import { tenancy } from '../tenancy';
import { type AppTextChanges, type AppTextInput, appTextChanges, MAX_SCREENSHOTS } from './app-edit.input';
import { appEditRefusal } from './app-edit.rules';
import type { UploadedFile } from './upload-reader';

/** UpdateAppInput as the service takes it. */
export interface AppEditInput extends AppTextInput {
  readonly id: string;
  readonly categoryIds?: readonly string[] | null;
  readonly icon?: Promise<UploadedFile> | null;
  /** Replaces every screenshot (an empty list removes them). */
  readonly screenshots?: readonly Promise<UploadedFile>[] | null;
}

export type AppEditOutcome = App | ValidationFailure | NameTakenFailure | InvalidStateFailure;

/** Everything validated before the transaction: text changes, categories and the stored images. */
interface PreparedEdit {
  readonly text: AppTextChanges;
  readonly categories?: Category[];
  readonly icon?: StoredImage;
  readonly screenshots?: StoredImage[];
}

const fail = (errorCode: string, path: string, message: string) =>
  new ValidationFailure(message, [{ path, message }], errorCode);

/**
 * updateApp: an app's metadata, categories, icon and screenshots, by a developer who may write the
 * app's workspace. Refused (InvalidStateError, nothing changes) while a version is in review and
 * for suspended or deleted apps (app-edit.rules); the state is checked again inside the
 * transaction, under the app's row lock and a share lock on its versions, so a concurrent submit
 * cannot slip in. Images are checked completely before any is stored; blobs of an edit that did
 * not happen are released. Apps of a repo take their metadata from the repo index: only their
 * categories change here.
 */
export class AppEditService {
  constructor(
    private readonly platform: Platform,
    private readonly attachments: AttachmentStore,
  ) {}

  async update(em: EntityManager, actor: Actor, input: AppEditInput): Promise<AppEditOutcome> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const found = isUuid(input.id) ? await em.findOne(App, input.id) : null;
    const app = tenancy.assertWritable(actor, found, 'App', input.id);
    const early = await this.refusal(em, app);
    if (early) return early;
    const prepared = await this.prepare(em, app, input);
    if (!('text' in prepared)) return prepared;
    const blobs = [prepared.icon, ...(prepared.screenshots ?? [])].map((s) => s?.blob);
    try {
      const result = await em.transactional((tx) => this.apply(tx, actor, app.id, prepared));
      if (!(result instanceof App)) await this.attachments.release(em, blobs);
      return result;
    } catch (err) {
      await this.attachments.release(em, blobs);
      if (err instanceof UniqueConstraintViolationException) return this.taken(prepared.text.name ?? app.name);
      throw err;
    }
  }

  /** Validates the input and stores its images (nothing stored when anything is refused). */
  private async prepare(em: EntityManager, app: App, input: AppEditInput): Promise<PreparedEdit | ValidationFailure> {
    const text = appTextChanges(input);
    if (text instanceof ValidationFailure) return text;
    const metadata = Object.keys(text).length > 0 || input.icon || input.screenshots;
    if (app.repo && metadata)
      return fail('READ_ONLY', 'id', `The metadata of ${app.name} comes from its repo's index; only categories change`);
    if ((input.screenshots?.length ?? 0) > MAX_SCREENSHOTS)
      return fail('TOO_MANY_SCREENSHOTS', 'screenshots', `At most ${MAX_SCREENSHOTS} screenshots are allowed`);
    const categories = input.categoryIds ? await categoriesByIds(em, input.categoryIds) : undefined;
    if (categories instanceof ValidationFailure) return categories;
    const { icon: iconLimits, screenshot: shotLimits } = this.platform.config.images;
    const icon = input.icon
      ? await this.attachments.checkImages(
          [{ path: 'icon', label: 'the icon', upload: input.icon }],
          iconLimits,
          'INVALID_ICON',
        )
      : [];
    if (icon instanceof ValidationFailure) return icon;
    const shots = input.screenshots
      ? await this.attachments.checkImages(input.screenshots.map(screenshotUpload), shotLimits, 'INVALID_SCREENSHOT')
      : [];
    if (shots instanceof ValidationFailure) return shots;
    return {
      text,
      categories,
      icon: (await this.attachments.put(icon))[0],
      screenshots: input.screenshots ? await this.attachments.put(shots) : undefined,
    };
  }

  /** Inside the transaction: the state checked again under locks, then the changes and attachment rows. */
  private async apply(tx: EntityManager, actor: Actor, id: string, edit: PreparedEdit): Promise<AppEditOutcome> {
    const app = await tx.findOneOrFail(App, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const refusal = await this.refusal(tx, app, true);
    if (refusal) return refusal;
    const { name } = edit.text;
    if (name && name !== app.name && (await tx.count(App, { workspace: app.workspace.id, repo: null, name })))
      return this.taken(name);
    Object.assign(app, edit.text);
    const owner = { userId: actor.userId, workspaceId: app.workspace.id };
    if (edit.icon) {
      this.attachments.record(tx, owner, [edit.icon], 'icon');
      app.icon = edit.icon.url;
    }
    if (edit.screenshots) {
      this.attachments.record(tx, owner, edit.screenshots, 'screenshot');
      app.screenshots = edit.screenshots.map((s) => s.url);
    }
    if (edit.categories) {
      await app.categories.init();
      app.categories.set(
        edit.categories.length ? edit.categories : [await tx.findOneOrFail(Category, { name: UNCATEGORIZED })],
      );
    }
    await tx.flush();
    return app;
  }

  /** The InvalidStateError when the app may not be edited now (its versions share-locked when `lock`). */
  private async refusal(em: EntityManager, app: App, lock = false): Promise<InvalidStateFailure | undefined> {
    const lockMode = lock ? LockMode.PESSIMISTIC_READ : LockMode.NONE;
    const versions = await em.find(AppVersion, { app: app.id }, { fields: ['status'], lockMode });
    return appEditRefusal(
      app,
      versions.map((v) => v.status),
    );
  }

  private taken(name: string): NameTakenFailure {
    return new NameTakenFailure(`An app named "${name}" already exists in this workspace`);
  }
}

function screenshotUpload(upload: Promise<UploadedFile>, i: number): ImageUpload {
  return { path: `screenshots.${i}`, label: `screenshot ${i + 1}`, upload };
}
