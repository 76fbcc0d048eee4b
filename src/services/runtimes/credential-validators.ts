import { Provider } from '../../entities/enums';
import type { SsrfPolicy } from '../../net';
import type { CredentialValidator } from './credential-check';
import { CloudCredentialValidator } from './cloud-credential.validator';
import { KubernetesCredentialValidator } from './kubernetes-credential.validator';

/** One validator per provider: the single place that says how a provider's credentials are checked. */
export type CredentialValidators = Readonly<Record<Provider, CredentialValidator>>;

export function createCredentialValidators(
  policy: SsrfPolicy,
  overrides: Partial<Record<Provider, CredentialValidator>> = {},
): CredentialValidators {
  const cloud = new CloudCredentialValidator(policy);
  return {
    [Provider.KUBERNETES]: new KubernetesCredentialValidator(policy),
    [Provider.QINGCLOUD]: cloud,
    [Provider.AWS]: cloud,
    [Provider.ALIYUN]: cloud,
    ...overrides,
  };
}
