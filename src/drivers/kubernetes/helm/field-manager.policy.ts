/**
 * How Marina applies a release's objects so that helm 3.17.3 and helm 4.1.4 can upgrade and roll
 * back Marina's releases, and Marina can upgrade releases helm last touched, without field-manager
 * conflicts.
 *
 * Decision: server-side apply with field manager "helm", and `apply_method: "ssa"` in the record.
 * - helm 4's CLI pins its field manager to "helm" (pkg/kube/client.go `ManagedFieldsManager`), and
 *   `upgrade`/`rollback` default to `--server-side=auto`: the method of the previous record (rollback:
 *   of the target record). With "ssa" recorded it server-side-applies as the manager Marina used, so
 *   it owns every field it sets. Measured: helm 4.1.4 `upgrade --reuse-values` and `rollback` of a
 *   Marina release succeed, keep "ssa", and the Deployment's spec stays owned by "helm"/Apply alone.
 *   With any other manager (tested: "marina") the same upgrade fails: "conflict with "marina"" —
 *   the mismatch that broke giantswarm/agentlab#111.
 * - helm 3.17 ignores `apply_method` and upgrades by a three-way strategic merge patch, an Update
 *   as "helm"; patches never conflict. Measured: upgrade and rollback succeed after Marina's
 *   revisions; its new record has no `apply_method` (= "csa"), and the fields it patched move to
 *   the "helm"/Update managedFields entry.
 * - A real API server keys managers by (name, operation) (kubernetes/kubernetes#107417, #80916):
 *   a server-side apply as "helm" conflicts with fields held by "helm"/Update. Helm 4 moving a csa
 *   release to ssa first folds that entry into its Apply entry (client-go csaupgrade). Marina
 *   instead forces its first apply after a client-side revision ({@link applyOptionsAfter}); after
 *   an ssa revision it never forces, so a field another controller took is reported, not overwritten.
 *   (lib/kube-sandbox treats same-name managers as one and does not reproduce this conflict.)
 * Evidence: test/e2e/helm-release.test.ts.
 */
import type { ApplyOptions } from '../kube-connection.types';
import type { ApplyMethod } from './helm-release.types';

/** The field manager of every apply Marina makes for a release. */
export const HELM_FIELD_MANAGER = 'helm';

/** The apply method Marina records on every revision it writes. */
export const MARINA_APPLY_METHOD: ApplyMethod = 'ssa';

/**
 * Apply options for a revision that follows `previous` (null: a first install). Forcing takes over
 * the fields that a client-side writer (helm 3, helm 4 with csa) held as "helm"'s Update entry; it
 * is not used after an SSA revision, so a field another controller took since (an HPA's replicas)
 * is reported as a conflict instead of silently overwritten.
 */
export function applyOptionsAfter(previous: { readonly applyMethod: ApplyMethod | null } | null): ApplyOptions {
  return { fieldManager: HELM_FIELD_MANAGER, force: previous !== null && previous.applyMethod !== 'ssa' };
}
