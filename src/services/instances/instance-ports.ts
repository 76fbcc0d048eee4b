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
import type { SecretBox } from '../secrets/secret-box';
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
  /**
   * Why `overrides` do not suit the version (a chart's values.schema.json, a template's declared
   * variables; every problem named); null when they do. `storedSecrets`: secret variables the
   * instance already has values for (carried over by upgrades).
   */
  checkValues(
    em: EntityManager,
    version: AppVersion,
    overrides: Readonly<Record<string, unknown>>,
    storedSecrets?: readonly string[],
  ): Promise<ValidationFailure | null>;
  /** `overrides` with the secret ones apart (a template's `secret` variables; none for charts). */
  splitValues(
    em: EntityManager,
    version: AppVersion,
    overrides: Readonly<Record<string, unknown>>,
  ): Promise<{ readonly overrides: Record<string, unknown>; readonly secrets: Record<string, string> }>;
  /** Seals revisions' secret values (the platform's key). */
  readonly secrets: SecretBox;
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
