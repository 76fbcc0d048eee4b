/**
 * The storage Secret of one release revision, exactly as Helm's Secrets driver writes it: name
 * `sh.helm.release.v1.<name>.v<version>`, type `helm.sh/release.v1`, labels `name`, `owner=helm`,
 * `status`, `version` plus `createdAt` (set on create) / `modifiedAt` (set on update) in Unix
 * seconds, custom labels kept; `data.release` = base64 of {@link encodeRelease}'s string.
 */
import type { KubeObject } from '../kube-object.types';
import { decodeRelease, encodeRelease } from './release-codec';
import { releaseSecretName } from './release-name';
import type { HelmRelease } from './helm-release.types';

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
export const HELM_OWNER = 'helm';
/** Labels Helm manages itself; every other label on a storage Secret is a custom label. */
export const SYSTEM_LABELS: readonly string[] = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

/** Which timestamp label a write sets, as Helm's driver does for Create and Update. */
export type SecretWrite =
  { readonly kind: 'create'; readonly at: Date } | { readonly kind: 'update'; readonly at: Date };

/**
 * The Secret for `rel`. `existingLabels` are the stored Secret's labels when updating (Helm keeps
 * them, `createdAt` included, and overrides the system ones).
 */
export function releaseSecret(
  rel: HelmRelease,
  write: SecretWrite,
  existingLabels: Readonly<Record<string, string>> = {},
): KubeObject {
  const labels: Record<string, string> = { ...existingLabels, ...customLabels(rel.labels) };
  labels[write.kind === 'create' ? 'createdAt' : 'modifiedAt'] = String(Math.floor(write.at.getTime() / 1000));
  labels.name = rel.name;
  labels.owner = HELM_OWNER;
  labels.status = rel.info.status;
  labels.version = String(rel.version);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: releaseSecretName(rel.name, rel.version), namespace: rel.namespace, labels },
    type: RELEASE_SECRET_TYPE,
    data: { release: Buffer.from(encodeRelease(rel), 'utf8').toString('base64') },
  };
}

/** The release a storage Secret holds (custom labels attached). Throws ReleaseDecodeError. */
export function releaseFromSecret(secret: KubeObject): HelmRelease {
  const data = (secret.data ?? {}) as Record<string, string>;
  const payload = Buffer.from(data.release ?? '', 'base64').toString('utf8');
  const rel = decodeRelease(payload, customLabels(secret.metadata.labels ?? {}));
  if (!rel.namespace && secret.metadata.namespace) rel.namespace = secret.metadata.namespace;
  return rel;
}

/** `labels` without Helm's system labels. */
export function customLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !SYSTEM_LABELS.includes(k)));
}
