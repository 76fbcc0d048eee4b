/**
 * The DriverErrors of the SSH layer, each with a message an operator can act on. Retryable:
 * SSH_UNREACHABLE and SSH_TIMEOUT (a VM still booting, a dropped link); not retryable: SSH_AUTH
 * (wrong key) and HOST_KEY_CHANGED (possible impersonation: a human must look).
 */
import { DriverError } from '../../../jobs/errors';
import type { VmHost } from '../vm-agent.types';

export type SshErrorCode = 'SSH_UNREACHABLE' | 'SSH_AUTH' | 'HOST_KEY_CHANGED' | 'SSH_TIMEOUT';

/** How the host was reached, for messages ("via frontgate i-1 (10.0.0.2)"). */
export function describeHost(host: VmHost, via?: VmHost): string {
  const self = `${host.instanceId} (${host.ip}:${host.sshPort})`;
  return via ? `${self} through the frontgate ${via.instanceId} (${via.ip})` : self;
}

export function hostKeyChanged(host: VmHost, pinned: string, presented: string): DriverError {
  return new DriverError(
    'HOST_KEY_CHANGED',
    `The SSH host key of instance ${host.instanceId} (${host.ip}) changed: pinned ${pinned}, presented ${presented}. ` +
      'This happens when the VM was rebuilt, or when something else answers at its address. Check the instance; ' +
      'if the change is expected, forget its pinned key and retry.',
    false,
  );
}

/** Maps an ssh2 connection failure (connect, handshake, auth) to a DriverError. */
export function connectError(
  err: Error & { level?: string; code?: string },
  where: string,
  timeoutMs: number,
): DriverError {
  if (err instanceof DriverError) return err;
  const options = { cause: err };
  if (err.level === 'client-authentication') {
    return new DriverError(
      'SSH_AUTH',
      `SSH login to ${where} was refused for the cluster key (${err.message}). Check that the instance was launched with the key pair Marina generated for this owner.`,
      false,
      options,
    );
  }
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
    return new DriverError(
      'SSH_TIMEOUT',
      `SSH to ${where} did not complete its handshake within ${timeoutMs} ms; the instance may still be booting or a firewall drops port 22.`,
      true,
      options,
    );
  }
  return new DriverError(
    'SSH_UNREACHABLE',
    `SSH to ${where} failed: ${err.message}${err.code ? ` (${err.code})` : ''}. Check that the instance is running and that its security group allows SSH from the frontgate.`,
    true,
    options,
  );
}

/** A failure on an established connection (channel open refused, connection lost mid-command). */
export function channelError(err: Error, where: string, what: string): DriverError {
  if (err instanceof DriverError) return err;
  return new DriverError('SSH_UNREACHABLE', `SSH ${what} on ${where} failed: ${err.message}`, true, { cause: err });
}
