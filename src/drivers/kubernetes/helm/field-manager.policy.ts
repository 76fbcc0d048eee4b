/**
 * How Marina applies a release's objects so that helm 3.17.3 and helm 4.1.4 can upgrade and roll
 * back Marina's releases, and Marina can upgrade releases helm last touched, without field-manager
 * conflicts.
 *
 * Decision: server-side apply with field manager "helm", recorded as `apply_method: "ssa"`.
 * - helm 4's CLI pins its field manager to "helm" (pkg/kube/client.go `ManagedFieldsManager`), and
 *   its `upgrade`/`rollback` default `--server-side=auto` keeps the previous record's method. With
 *   "ssa" recorded it server-side-applies as the same manager Marina used, so no field Marina set
 *   is another manager's (a mismatched manager is what broke giantswarm/agentlab#111).
 * - helm 3.17 ignores `apply_method` and upgrades by a three-way strategic merge patch (an Update
 *   by manager "helm"); patches never conflict. Its new revision has no `apply_method` (= csa).
 * - After a client-side revision (helm 3, or helm 4 with csa), the fields are owned by the Update
 *   entry of "helm". Helm 4 moving such a release to SSA first rewrites managedFields so the Update
 *   entry becomes its Apply entry (client-go csaupgrade). Marina's apply does the same by forcing:
 *   {@link applyOptionsAfter} forces conflicts only when the previous revision was not "ssa".
 * Evidence: test/e2e/helm-release.test.ts (real helm 3.17.3 and 4.1.4 against lib/kube-sandbox).
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
