import { Provider } from '../../entities/enums';
import type { SsrfPolicy } from '../../net';
import { credentialFailure, type CredentialValidator } from './credential-check';
import { CloudCredentialValidator } from './cloud-credential.validator';

const KUBERNETES_NOT_YET =
  'Kubernetes credentials cannot be validated yet: the Kubernetes runtime arrives with the deploy issue (the kubeconfig is stored sealed meanwhile)';

/** Placeholder until the Kubernetes runtime lands: a clear, typed refusal rather than a silent pass. */
export const kubernetesNotYetSupported: CredentialValidator = {
  validate: async () => credentialFailure('NOT_SUPPORTED', KUBERNETES_NOT_YET),
  locate: async () => ({ ok: false, errorCode: 'NOT_SUPPORTED', path: 'provider', message: KUBERNETES_NOT_YET }),
};

/** One validator per provider: the single place that says how a provider's credentials are checked. */
export type CredentialValidators = Readonly<Record<Provider, CredentialValidator>>;

export function createCredentialValidators(
  policy: SsrfPolicy,
  overrides: Partial<Record<Provider, CredentialValidator>> = {},
): CredentialValidators {
  const cloud = new CloudCredentialValidator(policy);
  return {
    [Provider.KUBERNETES]: kubernetesNotYetSupported,
    [Provider.QINGCLOUD]: cloud,
    [Provider.AWS]: cloud,
    [Provider.ALIYUN]: cloud,
    ...overrides,
  };
}
