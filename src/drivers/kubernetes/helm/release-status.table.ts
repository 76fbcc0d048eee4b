/**
 * Which status changes a stored revision may go through, as helm 3.17/4.1 make them: an operation
 * writes its revision `pending-*`, then `deployed` or `failed`; a newer deployed revision makes the
 * older one `superseded`; uninstall goes `uninstalling` → `uninstalled`. A failed or superseded
 * revision can be uninstalled (Helm marks every revision on uninstall with --keep-history), and a
 * crash-left `pending-*` is settled to `failed` or `deployed` by the resumed job. The table is the
 * only place these rules live.
 */
import type { HelmStatus } from './helm-release.types';

export const RELEASE_STATUS_TRANSITIONS: Readonly<Record<HelmStatus, readonly HelmStatus[]>> = {
  'pending-install': ['deployed', 'failed', 'uninstalling', 'uninstalled'],
  'pending-upgrade': ['deployed', 'failed', 'uninstalling', 'uninstalled'],
  'pending-rollback': ['deployed', 'failed', 'uninstalling', 'uninstalled'],
  deployed: ['superseded', 'failed', 'uninstalling', 'uninstalled'],
  failed: ['superseded', 'uninstalling', 'uninstalled'],
  superseded: ['uninstalling', 'uninstalled'],
  uninstalling: ['uninstalled', 'failed'],
  uninstalled: [],
  unknown: ['deployed', 'failed', 'superseded', 'uninstalling', 'uninstalled'],
};

/** True when a revision in status `from` may be set to `to` (setting the same status again is always allowed). */
export function canSetStatus(from: HelmStatus, to: HelmStatus): boolean {
  return from === to || RELEASE_STATUS_TRANSITIONS[from].includes(to);
}
