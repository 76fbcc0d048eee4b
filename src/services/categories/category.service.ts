import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { Category } from '../../entities/category.entity';
import { linkedAppCount, unlinkCategory } from '../../data/catalog/category.queries';
import type { UploadedFile } from '../apps/upload-reader';
import type { AttachmentStore, StoredImage } from '../attachments/attachment-store';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { UNCATEGORIZED } from '../bootstrap.service';
import { badInput, DomainError, nameTakenOnConflict, NameTakenFailure, notFound, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import type { Platform } from '../platform';
import { tenancy } from '../tenancy';

const MAX_NAME = 128;

/** What createCategory takes. */
export interface CategoryInput {
  readonly name: string;
  readonly description?: string | null;
  /** PNG, JPEG or SVG within the icon limits (checked like app icons). */
  readonly icon?: Promise<UploadedFile> | null;
}

/** What updateCategory takes: absent or null fields are unchanged; "" clears the description. */
export interface CategoryChanges {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly icon?: Promise<UploadedFile> | null;
}

/**
 * Store categories (PRODUCT.md E): everybody signed in lists them; holders of category:manage
 * create, update and delete them; the builtin "uncategorized" cannot be deleted or renamed, and every
 * app keeps at least one category (it falls back to "uncategorized"). Icons are checked like app icons
 * (a refused icon is BAD_USER_INPUT, since createCategory answers Category!) and served as attachments.
 */
export class CategoryService {
  constructor(
    private readonly platform: Platform,
    private readonly attachments: AttachmentStore,
  ) {}

  /** Every category, "uncategorized" first, then by name. */
  list(em: EntityManager): Promise<Category[]> {
    return em.find(Category, {}, { orderBy: { builtin: 'desc', name: 'asc' } });
  }

  /** A new category; a name in use is a CONFLICT error (createCategory answers Category!). */
  async create(em: EntityManager, actor: Actor, input: CategoryInput): Promise<Category> {
    actor.require(PERMISSIONS.CATEGORY_MANAGE);
    const name = checkedName(input.name);
    const taken = () => new DomainError('CONFLICT', `Category ${name} exists`);
    if (await em.findOne(Category, { name })) throw taken();
    const icon = input.icon ? await this.storeIcon(input.icon) : undefined;
    const created = await this.withIcon(em, icon, () =>
      nameTakenOnConflict(
        () =>
          em.transactional(async (tx) => {
            const category = tx.create(Category, { name, description: input.description?.trim() || undefined });
            if (icon) this.recordIcon(tx, actor, category, icon);
            await tx.flush();
            return category;
          }),
        () => new NameTakenFailure(`Category ${name} exists`),
      ),
    );
    if (created instanceof NameTakenFailure) throw taken();
    return created;
  }

  /** Changes a category's name, description or icon; the builtin category keeps its name. */
  async update(em: EntityManager, actor: Actor, id: string, changes: CategoryChanges): Promise<Category> {
    actor.require(PERMISSIONS.CATEGORY_MANAGE);
    const name = changes.name === undefined || changes.name === null ? undefined : checkedName(changes.name);
    const current = isUuid(id) ? await em.findOne(Category, id) : null;
    if (!current) throw notFound('Category', id);
    if (current.builtin && name !== undefined && name !== current.name)
      throw badInput(`Category ${current.name} is builtin and cannot be renamed`);
    if (name && name !== current.name && (await em.findOne(Category, { name })))
      throw new DomainError('CONFLICT', `Category ${name} exists`);
    const icon = changes.icon ? await this.storeIcon(changes.icon) : undefined;
    const updated = await this.withIcon(em, icon, () =>
      nameTakenOnConflict(
        () =>
          em.transactional(async (tx) => {
            const category = await tx.findOneOrFail(Category, current.id);
            if (name !== undefined) category.name = name;
            if (changes.description !== undefined && changes.description !== null)
              category.description = changes.description.trim() || undefined;
            if (icon) this.recordIcon(tx, actor, category, icon);
            await tx.flush();
            return category;
          }),
        () => new NameTakenFailure(`Category ${name} exists`),
      ),
    );
    if (updated instanceof NameTakenFailure) throw new DomainError('CONFLICT', updated.message);
    return updated;
  }

  /**
   * Deletes a category. While apps link to it the deletion is refused (CONFLICT) unless `force`,
   * which un-links them first (apps left without a category go to "uncategorized"). The builtin
   * category is never deleted.
   */
  async delete(em: EntityManager, actor: Actor, id: string, force: boolean): Promise<boolean> {
    actor.require(PERMISSIONS.CATEGORY_MANAGE);
    return em.transactional(async (tx) => {
      const category = isUuid(id) ? await tx.findOne(Category, id) : null;
      if (!category) throw notFound('Category', id);
      if (category.builtin) throw badInput(`Category ${category.name} is builtin and cannot be deleted`);
      const used = await linkedAppCount(tx, category.id);
      if (used > 0 && !force)
        throw new DomainError(
          'CONFLICT',
          `Category ${category.name} is used by ${used} app(s); pass force to un-link them`,
        );
      if (used > 0) await unlinkCategory(tx, category.id, (await this.uncategorized(tx)).id);
      tx.remove(category);
      await tx.flush();
      return true;
    });
  }

  /** Replaces an app's categories (empty: "uncategorized"); the caller must be able to write the app. */
  async setAppCategories(em: EntityManager, actor: Actor, appId: string, categoryIds: readonly string[]): Promise<App> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    return em.transactional(async (tx) => {
      const app = tenancy.assertWritable(actor, isUuid(appId) ? await tx.findOne(App, appId) : null, 'App', appId);
      const categories = await this.resolve(tx, categoryIds);
      await app.categories.init();
      app.categories.set(categories.length ? categories : [await this.uncategorized(tx)]);
      await tx.flush();
      return app;
    });
  }

  /** The categories of `ids` (deduplicated); an unknown id is BAD_USER_INPUT. */
  async resolve(em: EntityManager, ids: readonly string[]): Promise<Category[]> {
    const unique = [...new Set(ids)];
    const bad = unique.find((id) => !isUuid(id));
    if (bad) throw badInput(`Unknown category ${bad}`);
    const found = await em.find(Category, { id: { $in: unique } });
    const missing = unique.find((id) => !found.some((c) => c.id === id));
    if (missing) throw badInput(`Unknown category ${missing}`);
    return found;
  }

  private uncategorized(em: EntityManager): Promise<Category> {
    return em.findOneOrFail(Category, { name: UNCATEGORIZED, builtin: true });
  }

  /** Checks and stores an icon upload; a refused one is BAD_USER_INPUT naming why (nothing stored). */
  private async storeIcon(upload: Promise<UploadedFile>): Promise<StoredImage> {
    const checked = await this.attachments.checkImages(
      [{ path: 'icon', label: 'the icon', upload }],
      this.platform.config.images.icon,
      'INVALID_ICON',
    );
    if (checked instanceof ValidationFailure) throw badInput(checked.message);
    return (await this.attachments.put(checked))[0];
  }

  /** The icon's attachment row (owned by the actor, in its home workspace) and the category's icon URL. */
  private recordIcon(tx: EntityManager, actor: Actor, category: Category, icon: StoredImage): void {
    const owner = { userId: actor.userId, workspaceId: tenancy.homeWorkspaceId(actor) };
    this.attachments.record(tx, owner, [icon], 'category-icon');
    category.icon = icon.url;
  }

  /** Runs a write that records `icon`; when it does not complete, the icon's blob is released. */
  private async withIcon<T>(em: EntityManager, icon: StoredImage | undefined, write: () => Promise<T>): Promise<T> {
    try {
      const result = await write();
      if (result instanceof NameTakenFailure) await this.attachments.release(em, [icon?.blob]);
      return result;
    } catch (err) {
      await this.attachments.release(em, [icon?.blob]);
      throw err;
    }
  }
}

function checkedName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > MAX_NAME) throw badInput(`name must be 1 to ${MAX_NAME} characters`);
  return name;
}
