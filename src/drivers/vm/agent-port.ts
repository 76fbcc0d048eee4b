/**
 * The agent plane as the VM tasks use it (VmAgentPort), built from the agent's implementations:
 * ssh2 sessions, etcd control on the frontgate over SSH, the etcd3 metadata registry reached
 * through the session's forward.
 */
import { SshFrontgateControl, type EtcdControlOptions } from './agent/frontgate-control';
import { DEFAULT_METADATA_PREFIX } from './agent/metadata-keys';
import { EtcdMetadataRegistry } from './agent/metadata-registry';
import { Ssh2Session } from './agent/ssh-session';
import type { VmAgentPort } from './deploy/vm-ports';

export interface AgentOptions {
  readonly etcd?: EtcdControlOptions;
  readonly etcdPrefix?: string;
  readonly connectTimeoutMs?: number;
}

export function vmAgentPort(opts: AgentOptions = {}): VmAgentPort {
  const etcdPrefix = opts.etcdPrefix ?? DEFAULT_METADATA_PREFIX;
  return {
    openSession: (session) =>
      new Ssh2Session(opts.connectTimeoutMs ? { ...session, connectTimeoutMs: opts.connectTimeoutMs } : session),
    frontgate: new SshFrontgateControl(opts.etcd),
    openRegistry: (session, frontgate) => EtcdMetadataRegistry.open(session, frontgate, etcdPrefix),
    etcdPrefix,
  };
}
