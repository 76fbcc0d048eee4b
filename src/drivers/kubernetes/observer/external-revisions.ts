/**
 * Which release revisions were made outside Marina (by helm itself) and how they are recorded:
 * the revisions newer than the instance's, oldest first, up to but excluding the first one still
 * `pending-*` (an operation under way is picked up once it has settled).
 */
import type { AdoptedRevision } from '../helm/adopt-reader';
import { isPendingStatus, type HelmStatus } from '../helm/helm-release.types';

/** An instance revision's status (see InstanceRevision.status). */
export type ExternalRevisionStatus = 'deployed' | 'failed' | 'superseded';

/** Revisions after `known`, oldest first, stopping before the first pending one. */
export function externalRevisions(records: readonly AdoptedRevision[], known: number): AdoptedRevision[] {
  const newer = records.filter((r) => r.revision > known).sort((a, b) => a.revision - b.revision);
  const pending = newer.findIndex((r) => isPendingStatus(r.status));
  return pending < 0 ? newer : newer.slice(0, pending);
}

/** Helm's settled statuses as revision statuses (`uninstalled`, `unknown`… count as superseded). */
export function externalRevisionStatus(status: HelmStatus): ExternalRevisionStatus {
  return status === 'deployed' || status === 'failed' ? status : 'superseded';
}

/** The helm operation that wrote a record, from its description ("Upgrade complete" → upgrade). */
export function helmOperation(description: string): string {
  const word = /^\s*(install|upgrade|rollback)/i.exec(description)?.[1];
  return word ? word.toLowerCase() : 'change';
}

/** The event message, e.g. "revision 3 made outside Marina by helm (upgrade, chart redis-23.1.2)". */
export function externalMessage(r: Pick<AdoptedRevision, 'revision' | 'description' | 'chartName' | 'chartVersion'>) {
  const chart = r.chartName ? `, chart ${r.chartName}-${r.chartVersion}` : '';
  return `revision ${r.revision} made outside Marina by helm (${helmOperation(r.description)}${chart})`;
}
