import type { RuntimeCredential } from '../../entities/runtime-credential.entity';
import type { SecretBox } from '../secrets/secret-box';

/** The secret part of a runtime credential, sealed as JSON in `secretCiphertext`. */
export type CredentialSecret = { readonly secretAccessKey: string } | { readonly kubeconfig: string };

/** The aad binding a runtime credential's sealed secret to its row. */
export function runtimeCredentialAad(id: string): string {
  return `runtime_credential:${id}`;
}

export function sealCredentialSecret(secrets: SecretBox, credentialId: string, secret: CredentialSecret): string {
  return secrets.seal(JSON.stringify(secret), runtimeCredentialAad(credentialId));
}

/** A credential with its secret opened, for one outbound check; never stored or returned. */
export interface OpenedCredential {
  readonly provider: RuntimeCredential['provider'];
  readonly endpoint?: string;
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly secret: CredentialSecret;
  /**
   * True only for the embedded demo sandbox's credential, recognised by its recorded id
   * (./demo-runtime-identity.ts): its loopback address is exempt from the SSRF policy.
   */
  readonly trusted: boolean;
}

/** Opens the sealed secret of a row loaded with `secretCiphertext` populated. */
export function openCredential(secrets: SecretBox, credential: RuntimeCredential, trusted = false): OpenedCredential {
  const secret = JSON.parse(
    secrets.open(credential.secretCiphertext, runtimeCredentialAad(credential.id)),
  ) as CredentialSecret;
  return {
    provider: credential.provider,
    endpoint: credential.endpoint,
    accessKeyId: credential.accessKeyId,
    region: credential.region,
    secret,
    trusted,
  };
}
