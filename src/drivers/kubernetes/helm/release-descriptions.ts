/**
 * The `info.description` texts helm 3.17 / 4.1 write, so `helm history` reads Marina's revisions the
 * same way. Superseding keeps a revision's description (Helm changes only the status).
 */
export const RELEASE_DESCRIPTIONS = {
  installPending: 'Initial install underway',
  installed: 'Install complete',
  upgradePending: 'Preparing upgrade',
  upgraded: 'Upgrade complete',
  rollback: (to: number) => `Rollback to ${to}`,
  uninstalling: 'Deletion in progress (or silently failed)',
  uninstalled: 'Uninstallation complete',
  /** Install and rollback failures. */
  failed: (name: string, reason: string) => `Release "${name}" failed: ${reason}`,
  upgradeFailed: (name: string, reason: string) => `Upgrade "${name}" failed: ${reason}`,
} as const;
