import type { KubeObject } from '../api/kube-object.types';
import type { ClusterClient } from './cluster-client';
import { isControlledBy } from './cluster-client';

/** Pods in `namespace` whose controller is `owner`. */
export function ownedPods(client: ClusterClient, owner: Readonly<KubeObject>): KubeObject[] {
  return client.list('pods', owner.metadata.namespace ?? '').filter((p) => isControlledBy(p, owner.metadata.uid));
}

/** Keys (namespace/name) of the controllers of type `kind` owning the event's object. */
export function ownerKeys(obj: Readonly<KubeObject>, kind: string): string[] {
  return (obj.metadata.ownerReferences ?? [])
    .filter((r) => r.controller === true && r.kind === kind)
    .map((r) => `${obj.metadata.namespace ?? ''}/${r.name}`);
}
