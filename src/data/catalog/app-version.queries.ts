/** Statements on `app_versions` beyond MikroORM's entity API. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../sql';

/** Records the package size of a repo version once it is known (a size already recorded stays). */
export async function recordPackageSize(em: EntityManager, versionId: string, bytes: number): Promise<void> {
  await sqlRows(em, 'update app_versions set package_size = ? where id = ? and package_size = 0', [bytes, versionId]);
}
