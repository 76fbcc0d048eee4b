import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { Category } from '../../entities/category.entity';
import { linkedAppCount, unlinkCategory } from '../../data/catalog/category.queries';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { UNCATEGORIZED } from '../bootstrap.service';
import { badInput, DomainError, nameTakenOnConflict, NameTakenFailure, notFound } from '../errors';
import { isUuid } from '../ids';
import { tenancy } from '../tenancy';

const MAX_NAME = 128;

/** What createCategory takes (the icon comes with the attachments). */
export interface CategoryInput {
  readonly name: string;
  readonly description?: string | null;
}

/**
 * Store categories (PRODUCT.md E): everybody signed in lists them; holders of category:manage
 * create and delete them; the builtin "uncategorized" cannot be deleted, and every app keeps at
 * least one category (it falls back to "uncategorized").
 */
export class CategoryService {
  /** Every category, "uncategorized" first, then by name. */
  list(em: EntityManager): Promise<Category[]> {
    return em.find(Category, {}, { orderBy: { builtin: 'desc', name: 'asc' } });
  }

  /** A new category; a name in use is a CONFLICT error (createCategory answers Category!). */
  async create(em: EntityManager, actor: Actor, input: CategoryInput): Promise<Category> {
    actor.require(PERMISSIONS.CATEGORY_MANAGE);
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME) throw badInput(`name must be 1 to ${MAX_NAME} characters`);
    const taken = () => new DomainError('CONFLICT', `Category ${name} exists`);
    if (await em.findOne(Category, { name })) throw taken();
    const created = await nameTakenOnConflict(
      async () => {
        const category = em.create(Category, { name, description: input.description?.trim() || undefined });
        await em.flush();
        return category;
      },
      () => new NameTakenFailure(`Category ${name} exists`),
    );
    if (created instanceof NameTakenFailure) throw taken();
    return created;
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
}
