import { utils } from 'ssh2';
import { IaasError, type IaasErrorCode, type MarinaTags } from '../../src/drivers/iaas/iaas.types';
import { sshExec, type SshResult } from '../support/ssh-exec';
import { waitFor } from '../support/wait-for';

/** A launch key pair: the OpenSSH public line given to the cloud and the private key for ssh2. */
export function launchKey(comment: string): { publicKey: string; privateKey: string } {
  const pair = utils.generateKeyPairSync('ed25519', { comment });
  return { publicKey: pair.public.trim(), privateKey: pair.private };
}

export function marinaTags(task: string): MarinaTags {
  return { 'marina:instance': 'ins-e2e', 'marina:task': task };
}

/** Waits until `command` runs as root on host:22 with the key (the VM is SSH-reachable). */
export function waitForSsh(host: string, privateKey: string, command: string, timeoutMs = 20000): Promise<SshResult> {
  return waitFor(
    `SSH to ${host}`,
    async () => {
      const result = await sshExec({ host, port: 22, privateKey }, command, 5000);
      return result.code === 0 ? result : undefined;
    },
    timeoutMs,
    50,
  );
}

/** The IaasError a call rejects with (fails the test when it resolves or throws something else). */
export async function iaasErrorOf(call: Promise<unknown>): Promise<IaasError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof IaasError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with an IaasError');
}

export function expectIaasError(err: IaasError, code: IaasErrorCode, providerCode: string): void {
  expect({ code: err.code, providerCode: err.providerCode }).toEqual({ code, providerCode });
}
