/**
 * Kubernetes credentials, checked by contacting the cluster through `connectKube`: the server
 * version and the namespaces (a runtime's "zones"). A runtime's namespace is created when missing,
 * labelled as Marina's. Failures come back as values a person can act on: unreachable, TLS,
 * unauthorized, forbidden, blocked address, invalid kubeconfig.
 */
import { connectKube } from '../../drivers/kubernetes/kube-connection';
import type { KubeConnection } from '../../drivers/kubernetes/kube-connection.types';
import { DriverError } from '../../jobs/errors';
import type { SsrfPolicy } from '../../net';
import {
  credentialFailure,
  type CredentialCheck,
  type CredentialProblem,
  type CredentialValidator,
  type RuntimePlacement,
  type ZoneLocation,
} from './credential-check';
import type { OpenedCredential } from './credential-secret';

/** Labels of a namespace Marina creates for a runtime. */
export const MARINA_NAMESPACE_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'marina' };

/** Each connection failure as the problem a person reads. */
const PROBLEM_OF: Readonly<Record<string, CredentialProblem>> = {
  KUBE_UNAUTHORIZED: 'BAD_CREDENTIALS',
  KUBE_FORBIDDEN: 'FORBIDDEN',
  KUBE_UNREACHABLE: 'UNREACHABLE',
  KUBE_TLS: 'TLS',
  SSRF_BLOCKED: 'ENDPOINT_REFUSED',
  KUBECONFIG_INVALID: 'INVALID_KUBECONFIG',
  KUBE_THROTTLED: 'THROTTLED',
};

export type ConnectFn = typeof connectKube;

/** A failed check from what the connection threw; rethrows what is not a DriverError. */
export function kubeProblemOf(err: unknown): CredentialCheck & { ok: false } {
  if (!(err instanceof DriverError)) throw err;
  return credentialFailure(PROBLEM_OF[err.code] ?? 'PROVIDER_ERROR', err.message);
}

export class KubernetesCredentialValidator implements CredentialValidator {
  constructor(
    private readonly policy: SsrfPolicy,
    private readonly connect: ConnectFn = connectKube,
  ) {}

  validate(credential: OpenedCredential): Promise<CredentialCheck> {
    return this.withCluster(credential, async (kube) => {
      const [version, namespaces] = await Promise.all([kube.serverVersion(), kube.namespaces()]);
      return {
        ok: true,
        message: `connected to Kubernetes ${version.gitVersion}: ${namespaces.length} namespace(s)`,
        regions: [],
        zones: [...namespaces].sort(),
      };
    });
  }

  async locate(credential: OpenedCredential, placement: RuntimePlacement): Promise<ZoneLocation> {
    const namespace = placement.namespace ?? 'default';
    const check = await this.withCluster(credential, async (kube): Promise<CredentialCheck> => {
      await kube.ensureNamespace(namespace, MARINA_NAMESPACE_LABELS);
      return { ok: true, message: `namespace ${namespace} ready`, regions: [], zones: [namespace] };
    });
    return check.ok
      ? { ok: true }
      : { ok: false, errorCode: check.errorCode, path: 'credentialId', message: check.message };
  }

  private async withCluster(
    credential: OpenedCredential,
    use: (kube: KubeConnection) => Promise<CredentialCheck>,
  ): Promise<CredentialCheck> {
    if (!('kubeconfig' in credential.secret))
      throw new Error('a credential without a kubeconfig reached the Kubernetes validator');
    let kube: KubeConnection | undefined;
    try {
      kube = await this.connect(credential.secret.kubeconfig, { trusted: credential.trusted, policy: this.policy });
      return await use(kube);
    } catch (err) {
      return kubeProblemOf(err);
    } finally {
      kube?.close();
    }
  }
}
