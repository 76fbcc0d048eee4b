import type { KubeObject } from '../api/kube-object.types';

/**
 * Identity of a stored object. `groupResource` is `<resource>.<group>` (`deployments.apps`) or
 * the bare resource for the core group (`pods`); `namespace` is '' for cluster-scoped objects.
 */
export interface ObjectKey {
  groupResource: string;
  namespace: string;
  name: string;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One committed change. `object` is the stored state after the change (for DELETED: the last
 * state, with the deletion's resourceVersion). Event objects are frozen: never mutate them.
 */
export interface StoreEvent {
  type: StoreEventType;
  key: ObjectKey;
  object: Readonly<KubeObject>;
  /** The state before the change (absent for ADDED). Frozen. */
  previous?: Readonly<KubeObject>;
  revision: number;
}

export type StoreListener = (event: StoreEvent) => void;

/** Stops a subscription; idempotent. */
export interface Subscription {
  close(): void;
}

/** Failure of a store operation; `code` tells which (the API layer turns it into a Status). */
export class StoreError extends Error {
  constructor(
    readonly code: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * The storage contract every sandbox component (API handlers, controllers, persistence) relies
 * on — the sandbox's etcd.
 *
 * Guarantees:
 * - One global, strictly increasing revision; every write sets `metadata.resourceVersion` to
 *   the revision it committed at (as a decimal string).
 * - Writes are atomic and applied in call order (single-threaded); `expectedResourceVersion`
 *   gives compare-and-swap (StoreError 'Conflict' on mismatch).
 * - Returned objects are private deep copies the caller may mutate.
 * - Listeners are called synchronously, in revision order, after each commit. They must not
 *   write to the store from inside the callback (defer with queueMicrotask/setImmediate).
 * - `subscribe(fromRevision)` first replays retained events after `fromRevision`, then streams
 *   live ones; if those events were already compacted it throws StoreError 'Expired'.
 */
export interface ObjectStore {
  readonly revision: number;
  get(key: ObjectKey): KubeObject | undefined;
  /** Objects of a group/resource (optionally one namespace), sorted by namespace then name. */
  list(groupResource: string, namespace?: string): KubeObject[];
  /** Number of objects of a group/resource in a namespace (or all namespaces). */
  count(groupResource: string, namespace?: string): number;
  create(key: ObjectKey, object: KubeObject): KubeObject;
  update(key: ObjectKey, object: KubeObject, expectedResourceVersion?: string): KubeObject;
  delete(key: ObjectKey, expectedResourceVersion?: string): KubeObject;
  subscribe(listener: StoreListener, fromRevision?: number): Subscription;
  /** Oldest revision a watch can still resume from. */
  readonly oldestResumableRevision: number;
}
