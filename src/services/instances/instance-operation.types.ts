/**
 * The contract between the instance service (which validates a request, moves the instance into
 * its transition and creates the job) and the deploy pipeline (planner + processors in
 * src/drivers/kubernetes/deploy/), which carries the operation out. It is the job's `input`: plain
 * JSON, never a secret.
 */
import type { AppType } from '../../entities/enums';

export type InstanceAction =
  | 'deploy'
  | 'upgrade'
  | 'rollback'
  | 'update_config'
  | 'stop'
  | 'start'
  | 'delete'
  | 'recover'
  | 'cease'
  | 'adopt'
  /** VM instances: add or remove nodes of a role. */
  | 'scale'
  /** VM instances: cpu/memory/volume of roles. */
  | 'resize';

export interface InstanceOperation {
  readonly action: InstanceAction;
  readonly instanceId: string;
  readonly runtimeId: string;
  /** Kubernetes namespace the release lives in. */
  readonly namespace: string;
  /** Helm release name (= the instance name). */
  readonly releaseName: string;
  /**
   * The revision this operation writes: 1 for deploy, last + 1 for upgrade / rollback / update_config /
   * recover; the current revision for stop, start, delete and cease (they write no new revision).
   */
  readonly revision: number;
  /** The version rendered by this operation (for rollback: the target revision's version). */
  readonly versionId: string;
  /** The user's overrides (not merged with chart defaults). */
  readonly overrides: Readonly<Record<string, unknown>>;
  /** rollback: the revision whose version and overrides are re-applied. */
  readonly rollbackTo?: number;
  /** Readiness deadline for the whole operation. */
  readonly timeoutMs: number;
  /**
   * The version's app type, which picks the renderer (absent in jobs created before types other
   * than HELM deployed: HELM).
   */
  readonly appType?: AppType;
  /**
   * Names of the rendered layers when the version renders more than one (COMPOSED): the planner
   * gives each its own `apply-<i>` + `wait-<i>` pair, in this order. Absent: one apply and wait.
   */
  readonly layers?: readonly string[];
  /** VM operations only: the rendered cluster, its nodes, network and owner (src/drivers/vm). */
  readonly vm?: import('../../drivers/vm/vm-operation.types').VmOperation;
}

/**
 * What the deploy pipeline's last task returns (its `result`), read by the job-finished hook to
 * settle the instance in the same transaction that finishes the job.
 */
export interface OperationOutcome {
  readonly resources: readonly import('../../drivers/runtime-driver.types').ResourceStatus[];
  readonly nodes: readonly import('../../drivers/runtime-driver.types').NodeStatus[];
  readonly endpoints: readonly import('../../drivers/runtime-driver.types').Endpoint[];
  /** Value keys of the overrides that the rendered chart no longer has. */
  readonly removedValueKeys: readonly string[];
  /** Replica counts recorded by stop, restored by start: "Deployment/web" → 3. */
  readonly replicas?: Readonly<Record<string, number>>;
  readonly manifestDigest?: string;
}
