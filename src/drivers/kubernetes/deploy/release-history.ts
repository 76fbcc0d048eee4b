/** Reading a release's history the way Helm does. */
import type { ReleaseRevision } from './deploy-ports';

/** The revision an operation writing `revision` replaces: the last `deployed` one below it, else the newest below. */
export function previousRevision(history: readonly ReleaseRevision[], revision: number): ReleaseRevision | null {
  const older = history.filter((r) => r.version < revision).sort((a, b) => b.version - a.version);
  return older.find((r) => r.status === 'deployed') ?? older[0] ?? null;
}
