import { IaasError, type IaasNode, type IaasProvider, type NodeState } from './iaas.types';

/** For one action: `true` states need it, `false` states are already where it leads. */
export type StatePlan = Partial<Record<NodeState, boolean>>;

/**
 * The ids among `nodes` that need the action. A state the plan does not name (a transition under
 * way) is a retryable INCORRECT_STATE; an id missing from `nodes` is NOT_FOUND.
 */
export function idsNeeding(
  provider: IaasProvider,
  ids: readonly string[],
  nodes: readonly IaasNode[],
  plan: StatePlan,
): string[] {
  const missing = ids.find((id) => !nodes.some((n) => n.id === id));
  if (missing) throw new IaasError('NOT_FOUND', 'NotFound', `${provider} instance ${missing} does not exist`);
  const busy = nodes.find((n) => plan[n.state] === undefined);
  if (busy)
    throw new IaasError(
      'INCORRECT_STATE',
      busy.rawState,
      `${provider} instance ${busy.id} is ${busy.rawState}; try again later`,
      true,
    );
  return nodes.filter((n) => plan[n.state]).map((n) => n.id);
}

export const START_PLAN: StatePlan = { STOPPED: true, RUNNING: false, PENDING: false };
export const STOP_PLAN: StatePlan = { RUNNING: true, STOPPED: false, STOPPING: false };
