/**
 * `.Capabilities` for client-side rendering, as the helm 3.17.3 release binary reports them:
 * Kubernetes v1.32.0 unless `--kube-version` says otherwise, and the API group versions of
 * client-go's scheme plus apiextensions (plus any `--api-versions`).
 */
import { parseSemver, semverString, type Semver } from '@marina/go-runtime';
import { CapabilitiesObject, KubeVersionObject } from './template-objects';

/** Kubernetes version helm 3.17.3 assumes when none is given. */
export const DEFAULT_KUBE_VERSION = 'v1.32.0';

/** helm 3.17.3's `DefaultVersionSet` (client-go scheme group versions), in its order. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1alpha1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** `--kube-version` could not be parsed. */
export class KubeVersionError extends Error {
  readonly code = 'INVALID_KUBE_VERSION';
  override readonly name = 'KubeVersionError';
}

/** `chartutil.ParseKubeVersion`: "1.20" / "v1.20.0" → KubeVersion {v1.20.0, 1, 20} (Masterminds' loose parse). */
export function parseKubeVersion(text: string): KubeVersionObject {
  let sv: Semver;
  try {
    sv = parseSemver(text);
  } catch (err) {
    throw new KubeVersionError((err as Error).message);
  }
  return new KubeVersionObject(`v${semverString(sv)}`, String(sv.major), String(sv.minor));
}

/**
 * Capabilities for a render: Helm's defaults plus `extraApiVersions` (client-only, like `helm
 * template --api-versions`), or exactly `extraApiVersions` when `replaceDefaults` (an install
 * against a cluster, whose discovery replaces the defaults).
 */
export function clientCapabilities(
  kubeVersion?: string,
  extraApiVersions: readonly string[] = [],
  replaceDefaults = false,
): CapabilitiesObject {
  const kube = parseKubeVersion(kubeVersion ?? DEFAULT_KUBE_VERSION);
  return new CapabilitiesObject(
    kube,
    replaceDefaults ? [...extraApiVersions] : [...DEFAULT_API_VERSIONS, ...extraApiVersions],
  );
}
