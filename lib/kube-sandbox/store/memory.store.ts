import { cloneJson, type KubeObject } from '../api/kube-object.types';
import {
  StoreError,
  type ObjectKey,
  type ObjectStore,
  type StoreEvent,
  type StoreEventType,
  type StoreListener,
  type Subscription,
} from './store.types';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const slot = (k: ObjectKey): string => `${k.namespace}/${k.name}`;

/** Snapshot of a store, as written by persistence. */
export interface StoreSnapshot {
  revision: number;
  objects: { key: ObjectKey; object: KubeObject }[];
}

/** In-memory {@link ObjectStore} with a bounded event history for watch resumption. */
export class MemoryStore implements ObjectStore {
  private rev = 0;
  private readonly data = new Map<string, Map<string, Readonly<KubeObject>>>();
  private history: StoreEvent[] = [];
  private compactedThrough = 0;
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly historyLimit = 20000) {}

  get revision(): number {
    return this.rev;
  }

  get oldestResumableRevision(): number {
    return this.compactedThrough;
  }

  get(key: ObjectKey): KubeObject | undefined {
    const found = this.data.get(key.groupResource)?.get(slot(key));
    return found ? cloneJson(found as KubeObject) : undefined;
  }

  list(groupResource: string, namespace?: string): KubeObject[] {
    const bucket = this.data.get(groupResource);
    if (!bucket) return [];
    const keys = [...bucket.keys()].filter((k) => namespace === undefined || k.startsWith(`${namespace}/`)).sort();
    return keys.map((k) => cloneJson(bucket.get(k) as KubeObject));
  }

  count(groupResource: string, namespace?: string): number {
    const bucket = this.data.get(groupResource);
    if (!bucket) return 0;
    if (namespace === undefined) return bucket.size;
    let n = 0;
    for (const k of bucket.keys()) if (k.startsWith(`${namespace}/`)) n++;
    return n;
  }

  create(key: ObjectKey, object: KubeObject): KubeObject {
    const bucket = this.bucket(key.groupResource);
    if (bucket.has(slot(key)))
      throw new StoreError('AlreadyExists', `${key.groupResource} ${slot(key)} already exists`);
    return this.commit('ADDED', key, object, undefined);
  }

  update(key: ObjectKey, object: KubeObject, expectedResourceVersion?: string): KubeObject {
    const current = this.bucket(key.groupResource).get(slot(key));
    if (!current) throw new StoreError('NotFound', `${key.groupResource} ${slot(key)} not found`);
    if (expectedResourceVersion !== undefined && expectedResourceVersion !== current.metadata.resourceVersion) {
      throw new StoreError(
        'Conflict',
        `${key.groupResource} ${slot(key)}: resourceVersion ${expectedResourceVersion} is stale`,
      );
    }
    return this.commit('MODIFIED', key, object, current);
  }

  delete(key: ObjectKey, expectedResourceVersion?: string): KubeObject {
    const current = this.bucket(key.groupResource).get(slot(key));
    if (!current) throw new StoreError('NotFound', `${key.groupResource} ${slot(key)} not found`);
    if (expectedResourceVersion !== undefined && expectedResourceVersion !== current.metadata.resourceVersion) {
      throw new StoreError(
        'Conflict',
        `${key.groupResource} ${slot(key)}: resourceVersion ${expectedResourceVersion} is stale`,
      );
    }
    return this.commit('DELETED', key, cloneJson(current as KubeObject), current);
  }

  subscribe(listener: StoreListener, fromRevision?: number): Subscription {
    if (fromRevision !== undefined) {
      if (fromRevision < this.compactedThrough) {
        throw new StoreError('Expired', `too old resource version: ${fromRevision} (${this.compactedThrough})`);
      }
      for (const e of this.history) if (e.revision > fromRevision) listener(e);
    }
    this.listeners.add(listener);
    return { close: () => void this.listeners.delete(listener) };
  }

  /** Everything stored, for persistence. */
  snapshot(): StoreSnapshot {
    const objects: StoreSnapshot['objects'] = [];
    for (const [groupResource, bucket] of this.data) {
      for (const obj of bucket.values())
        objects.push({
          key: { groupResource, namespace: obj.metadata.namespace ?? '', name: String(obj.metadata.name) },
          object: obj as KubeObject,
        });
    }
    return { revision: this.rev, objects };
  }

  /** Replaces the contents with a snapshot (before any client connects); history starts empty. */
  restore(snapshot: StoreSnapshot): void {
    this.data.clear();
    for (const { key, object } of snapshot.objects)
      this.bucket(key.groupResource).set(slot(key), deepFreeze(cloneJson(object)));
    this.rev = snapshot.revision;
    this.history = [];
    this.compactedThrough = snapshot.revision;
  }

  private bucket(groupResource: string): Map<string, Readonly<KubeObject>> {
    let b = this.data.get(groupResource);
    if (!b) this.data.set(groupResource, (b = new Map()));
    return b;
  }

  private commit(
    type: StoreEventType,
    key: ObjectKey,
    object: KubeObject,
    previous: Readonly<KubeObject> | undefined,
  ): KubeObject {
    const revision = ++this.rev;
    const stored = cloneJson(object);
    stored.metadata.resourceVersion = String(revision);
    deepFreeze(stored);
    if (type === 'DELETED') this.bucket(key.groupResource).delete(slot(key));
    else this.bucket(key.groupResource).set(slot(key), stored);
    const event: StoreEvent = { type, key, object: stored, previous, revision };
    this.record(event);
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        process.emitWarning(`kube sandbox store listener failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
    return cloneJson(stored as KubeObject);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const drop = Math.ceil(this.historyLimit / 10);
      this.compactedThrough = this.history[drop - 1].revision;
      this.history = this.history.slice(drop);
    }
  }
}
