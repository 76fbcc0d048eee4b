/**
 * What the instance service needs from the deploy pipeline and the values module, as ports the
 * composition root (server/services.ts) fills: the service validates, locks and writes; the
 * planner turns the operation into the job's task DAG; the values port checks overrides against
 * the version's chart before anything is written.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import type { CreateJobInput, TaskSpec } from '../../jobs/job.types';
import type { ValidationFailure } from '../errors';
import type { InstanceOperation } from './instance-operation.types';
import type { VmOperation } from '../../drivers/vm/vm-operation.types';
import type { VmPlacement } from '../../drivers/vm/vm-operation.from-cluster';

export interface InstancePorts {
  /** The task DAG that carries `op` out (pure). */
  plan(op: InstanceOperation): readonly TaskSpec[];
  /**
   * The follow-up job of an operation whose job FAILED or was CANCELLED (e.g. marking its
   * release record failed), created in the transaction that settles the instance; null for none.
   */
  planFailure(op: InstanceOperation, failedJobId: string): CreateJobInput | null;
  /** Why `overrides` do not suit the version's chart (values.schema.json, every problem named); null when they do. */
  checkValues(
    em: EntityManager,
    version: AppVersion,
    overrides: Readonly<Record<string, unknown>>,
  ): Promise<ValidationFailure | null>;
  /** The chart defaults with `overrides` coalesced onto them (Helm's rules), for `Instance.effectiveConfig`. */
  effectiveValues(
    em: EntityManager,
    version: AppVersion,
    overrides: Readonly<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
  /**
   * The VM part of an operation on a VM version: the cluster rendered from `overrides` and
   * validated (ValidationFailure naming every problem otherwise).
   */
  vmOperation(
    em: EntityManager,
    version: AppVersion,
    overrides: Readonly<Record<string, unknown>>,
    placement: VmPlacement,
  ): Promise<VmOperation | ValidationFailure>;
}
