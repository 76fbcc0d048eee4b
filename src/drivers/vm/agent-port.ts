/**
 * The agent plane as the VM tasks use it (VmAgentPort): SSH sessions are the agent's
 * Ssh2Session; the frontgate's etcd control and the metadata registry come from the agent helper's
 * implementations, passed in by the composition root. Until those are built into a process,
 * `missingAgentParts` stands in and every use fails the task with VM_AGENT_UNAVAILABLE (named,
 * not retried) — never a silent no-op.
 */
import { DriverError } from '../../jobs/errors';
import { Ssh2Session } from './agent/ssh-session';
import type { VmAgentPort } from './deploy/vm-ports';
import type { FrontgateControl, MetadataRegistry } from './vm-agent.types';

export const DEFAULT_ETCD_PREFIX = '/clusters/';

export interface AgentParts {
  readonly frontgate: FrontgateControl;
  registry(endpoint: string): MetadataRegistry;
  readonly etcdPrefix?: string;
}

const unavailable = (what: string) =>
  new DriverError('VM_AGENT_UNAVAILABLE', `the VM agent's ${what} is not built into this worker`, false);

export const missingAgentParts: AgentParts = {
  frontgate: {
    ensureEtcd: () => Promise.reject(unavailable('frontgate etcd control')),
  },
  registry: () => {
    throw unavailable('metadata registry');
  },
};

export function vmAgentPort(parts: AgentParts): VmAgentPort {
  return {
    openSession: (opts) => new Ssh2Session(opts),
    frontgate: parts.frontgate,
    registry: (endpoint) => parts.registry(endpoint),
    etcdPrefix: parts.etcdPrefix ?? DEFAULT_ETCD_PREFIX,
  };
}
