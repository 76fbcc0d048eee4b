/** Kubernetes objects as the driver handles them: plain JSON, as the API server speaks it. */

export interface KubeMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [field: string]: unknown;
}

/** Names one object. `namespace` is null for cluster-scoped kinds. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
}

export function refOf(obj: KubeObject, defaultNamespace: string | null): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? defaultNamespace,
  };
}

/** "Deployment/web" or "Deployment/web (ns prod)", for messages. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.name} (namespace ${ref.namespace})` : `${ref.kind}/${ref.name}`;
}
