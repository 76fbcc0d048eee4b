import type { KubeObject } from '../api/kube-object.types';
import { randomSuffix } from '../core/names';
import type { ClusterClient } from './cluster-client';

/**
 * Writes core/v1 Events about objects (what `kubectl describe` shows). A repeated event (same
 * object, reason and message) bumps `count`/`lastTimestamp` instead of adding a new object.
 */
export class EventRecorder {
  private readonly recent = new Map<string, string>();

  constructor(
    private readonly client: ClusterClient,
    private readonly component: string,
  ) {}

  record(obj: Readonly<KubeObject>, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const namespace = obj.metadata.namespace || 'default';
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const dedupKey = `${String(obj.metadata.uid)}|${reason}|${message}`;
    const existingName = this.recent.get(dedupKey);
    const existing = existingName ? this.client.get('events', namespace, existingName) : undefined;
    if (existing) {
      this.client.update('events', { ...existing, count: Number(existing.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    if (
      !this.client.get('namespaces', '', namespace) ||
      this.client.get('namespaces', '', namespace)?.metadata.deletionTimestamp
    )
      return;
    const name = `${String(obj.metadata.name)}.${randomSuffix(10)}`;
    this.client.create('events', namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name ?? '',
        namespace: obj.metadata.namespace ?? '',
        uid: obj.metadata.uid ?? '',
        resourceVersion: obj.metadata.resourceVersion ?? '',
      },
      reason,
      message,
      type,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.component,
      reportingInstance: '',
    });
    this.recent.set(dedupKey, name);
    if (this.recent.size > 5000) this.recent.delete(this.recent.keys().next().value as string);
  }
}
