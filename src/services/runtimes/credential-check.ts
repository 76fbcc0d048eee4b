import type { OpenedCredential } from './credential-secret';

/** Why a credential check failed; each reads as a distinct, human-readable outcome. */
export type CredentialProblem =
  | 'BAD_CREDENTIALS'
  | 'FORBIDDEN'
  | 'UNREACHABLE'
  | 'WRONG_REGION'
  | 'ENDPOINT_REFUSED'
  | 'TLS'
  | 'INVALID_KUBECONFIG'
  | 'THROTTLED'
  | 'NOT_SUPPORTED'
  | 'PROVIDER_ERROR';

/** The outcome of asking a provider about a credential: what it can see, or why it cannot. */
export type CredentialCheck =
  | {
      readonly ok: true;
      readonly message: string;
      readonly region?: string;
      readonly regions: readonly string[];
      readonly zones: readonly string[];
    }
  | {
      readonly ok: false;
      readonly errorCode: CredentialProblem;
      readonly message: string;
      readonly regions: readonly [];
      readonly zones: readonly [];
    };

export function credentialFailure(errorCode: CredentialProblem, message: string): CredentialCheck & { ok: false } {
  return { ok: false, errorCode, message, regions: [], zones: [] };
}

/** Where a runtime's zone lies (and its default network, checked), or why that cannot be established. */
export type ZoneLocation =
  | { readonly ok: true; readonly region?: string }
  | {
      readonly ok: false;
      readonly errorCode: CredentialProblem | 'UNKNOWN_ZONE' | 'UNKNOWN_VPC' | 'UNKNOWN_SUBNET';
      readonly path: string;
      readonly message: string;
    };

export interface RuntimePlacement {
  readonly zone: string;
  /** Kubernetes: the runtime's namespace (created, labelled as Marina's, when missing). */
  readonly namespace?: string;
  readonly vpcId?: string;
  readonly subnetId?: string;
}

/**
 * Checks one provider's credentials. Implementations never throw for an expected failure (bad keys,
 * unreachable endpoint, wrong region…): they return it, with a message a person can act on.
 */
export interface CredentialValidator {
  /** Lists what the credential can see (regions, and the zones of `region` or the credential's region). */
  validate(credential: OpenedCredential, region?: string): Promise<CredentialCheck>;
  /**
   * Clouds: finds the region of `zone` among the account's regions, and checks the VPC and subnet
   * when given. Kubernetes: ensures the namespace exists.
   */
  locate(credential: OpenedCredential, placement: RuntimePlacement): Promise<ZoneLocation>;
}
