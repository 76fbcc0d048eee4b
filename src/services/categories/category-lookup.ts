import type { EntityManager } from '@mikro-orm/postgresql';
import { Category } from '../../entities/category.entity';
import { ValidationFailure } from '../errors';
import { isUuid } from '../ids';

/** The categories of `ids` (deduplicated; none given: none); unknown ids are an UNKNOWN_CATEGORY failure on `categoryIds`. */
export async function categoriesByIds(
  em: EntityManager,
  ids: readonly string[] | null | undefined,
): Promise<Category[] | ValidationFailure> {
  if (!ids?.length) return [];
  const unique = [...new Set(ids)];
  const found = unique.every(isUuid) ? await em.find(Category, { id: { $in: unique } }) : [];
  const missing = unique.filter((id) => !found.some((c) => c.id === id));
  if (!missing.length) return found;
  const message = `Unknown categories: ${missing.join(', ')}`;
  return new ValidationFailure(message, [{ path: 'categoryIds', message }], 'UNKNOWN_CATEGORY');
}
