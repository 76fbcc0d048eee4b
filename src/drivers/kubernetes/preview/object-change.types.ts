/** What a preview reports (GraphQL `ObjectChange` / `InstancePreview`). */
import type { KubeObject } from '../kube-object.types';

export type ChangeAction = 'ADD' | 'CHANGE' | 'REMOVE' | 'UNCHANGED';

/** One object of a preview. */
export interface ObjectChange {
  readonly kind: string;
  readonly name: string;
  /** Null for cluster-scoped kinds. */
  readonly namespace: string | null;
  readonly action: ChangeAction;
  /**
   * A unified diff from the live object (only the fields the manifests set) to the desired one,
   * as YAML; null for UNCHANGED. Secret values are masked on both sides.
   */
  readonly diff: string | null;
}

/** An object of the target revision, with what the cluster and the current revision have for it. */
export interface DesiredObject {
  /** As rendered (one manifest document). */
  readonly object: KubeObject;
  /** As the cluster has it now; null when absent. */
  readonly live: KubeObject | null;
  /** The same object in the current revision's manifest, when it is there: fields it set and the target drops show as removed. */
  readonly previous?: KubeObject | null;
}

/** An object of the current revision's manifest that the target revision no longer has. */
export interface RemovedObject {
  /** As the current revision's manifest has it. */
  readonly object: KubeObject;
  /** As the cluster has it now; null when it is already gone. */
  readonly live: KubeObject | null;
}

/** A hook of the target revision (not run by a preview). */
export interface PreviewHook {
  readonly kind: string;
  readonly name: string;
  readonly events: readonly string[];
  readonly weight: number;
}

export interface PreviewInput {
  /** The release's namespace: where namespaced objects without one go. */
  readonly namespace: string;
  /** The release name: live objects owned by another release are warned about. */
  readonly releaseName: string;
  /** Objects of the target revision, any order. */
  readonly desired: readonly DesiredObject[];
  readonly removed: readonly RemovedObject[];
  readonly hooks: readonly PreviewHook[];
}

export interface Preview {
  /** Desired objects in Helm's install order, then removed ones in its uninstall order. */
  readonly changes: readonly ObjectChange[];
  readonly warnings: readonly string[];
}
