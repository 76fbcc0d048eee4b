/**
 * Runs one role service command on one node (PRODUCT.md H3): first the node's metadata view is
 * written to its MARINA_METADATA_FILE, then the command runs with the ServiceEnv.
 *
 * Path convention: MARINA_METADATA_FILE is normally relative, `metadataFilePath(clusterId)` =
 * `.marina-agent/clusters/<cluster id>/metadata.json`, which means relative to the login's home
 * directory (where an SSH session starts; in the cloud sandbox the home is the VM root
 * `$MARINA_VM_ROOT`, so the file stays inside the VM). The file is written there, and the command
 * sees the absolute path (`$HOME/…`), so it can change directory and still read it. An absolute
 * MARINA_METADATA_FILE is used as is.
 */
import { DriverError } from '../../../jobs/errors';
import type { CommandResult, NodeMetadataView, ServiceEnv, SshSession, VmHost } from '../vm-agent.types';
import { lastLines } from './output-lines';
import { ETCD_AGENT_DIR } from './etcd-script';

export function metadataFilePath(clusterId: string): string {
  return `${ETCD_AGENT_DIR}/clusters/${clusterId}/metadata.json`;
}

export interface RunServiceRequest {
  readonly command: string;
  readonly env: ServiceEnv;
  /** Extra env of the role (after the ServiceEnv's names, which cannot be overridden). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly metadataView: NodeMetadataView;
  readonly timeoutMs: number;
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  readonly signal?: AbortSignal;
}

/** A service command that exited non-zero or ran past its timeout; `result` has the output tails. */
export class ServiceCommandError extends DriverError {
  constructor(
    code: 'SERVICE_FAILED' | 'SERVICE_TIMEOUT',
    message: string,
    readonly result: CommandResult,
  ) {
    super(code, message, false);
  }
}

/** Makes a relative MARINA_METADATA_FILE absolute (under the login home) before a command. */
export const RESOLVE_METADATA_FILE =
  'case "$MARINA_METADATA_FILE" in /*) ;; *) MARINA_METADATA_FILE="$HOME/$MARINA_METADATA_FILE" ;; esac\n';

export async function runService(session: SshSession, host: VmHost, req: RunServiceRequest): Promise<CommandResult> {
  const { env } = req;
  await session.writeFile(host, env.MARINA_METADATA_FILE, `${JSON.stringify(req.metadataView, null, 2)}\n`, 0o600);
  const result = await session.exec(host, RESOLVE_METADATA_FILE + req.command, {
    env: { ...req.extraEnv, ...env },
    timeoutMs: req.timeoutMs,
    onLine: req.onLine,
    signal: req.signal,
  });
  if (result.exitCode === 0 && !result.timedOut) return result;
  const who = `role ${env.MARINA_ROLE} on node ${env.MARINA_NODE_ID} (instance ${host.instanceId}, ${host.ip})`;
  const tail = lastLines(`${result.stdout}\n${result.stderr}`, 20);
  const output = tail.length ? `; last output:\n${tail.join('\n')}` : '; no output';
  if (result.timedOut) {
    throw new ServiceCommandError(
      'SERVICE_TIMEOUT',
      `The service command of ${who} ran longer than its ${req.timeoutMs} ms timeout and was killed${output}`,
      result,
    );
  }
  const ended =
    result.exitCode !== null ? `exited with code ${result.exitCode}` : `was killed by ${result.signal ?? 'a signal'}`;
  throw new ServiceCommandError('SERVICE_FAILED', `The service command of ${who} ${ended}${output}`, result);
}
