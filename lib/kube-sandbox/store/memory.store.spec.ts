import type { KubeObject } from '../api/kube-object.types';
import { MemoryStore } from './memory.store';
import { StoreError, type StoreEvent } from './store.types';

const obj = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
});
const key = (name: string) => ({ groupResource: 'configmaps', namespace: 'ns', name });

describe('MemoryStore', () => {
  it('assigns increasing resourceVersions and compares-and-swaps on them', () => {
    const store = new MemoryStore();
    const a = store.create(key('a'), obj('a'));
    expect(a.metadata.resourceVersion).toBe('1');
    const b = store.update(key('a'), { ...a, data: { x: '1' } }, '1');
    expect(b.metadata.resourceVersion).toBe('2');
    expect(() => store.update(key('a'), a, '1')).toThrow(StoreError);
    expect(() => store.create(key('a'), obj('a'))).toThrow(
      expect.objectContaining({ code: 'AlreadyExists' }) as StoreError,
    );
    expect(store.list('configmaps', 'ns').map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('returns private copies', () => {
    const store = new MemoryStore();
    store.create(key('a'), obj('a'));
    const copy = store.get(key('a'));
    copy!.metadata.name = 'changed';
    expect(store.get(key('a'))?.metadata.name).toBe('a');
  });

  it('replays retained events to a resuming subscriber, then expires compacted history', () => {
    const store = new MemoryStore(10);
    for (let i = 0; i < 5; i++) store.create(key(`o${i}`), obj(`o${i}`));
    const seen: StoreEvent[] = [];
    store.subscribe((e) => seen.push(e), 3).close();
    expect(seen.map((e) => e.revision)).toEqual([4, 5]);
    for (let i = 5; i < 30; i++) store.create(key(`o${i}`), obj(`o${i}`));
    expect(() => store.subscribe(() => undefined, 2)).toThrow(
      expect.objectContaining({ code: 'Expired' }) as StoreError,
    );
    expect(store.oldestResumableRevision).toBeGreaterThan(2);
  });

  it('delivers deletions with the previous state', () => {
    const store = new MemoryStore();
    store.create(key('a'), obj('a'));
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    store.delete(key('a'));
    expect(events[0].type).toBe('DELETED');
    expect(events[0].previous?.metadata.resourceVersion).toBe('1');
    expect(events[0].object.metadata.resourceVersion).toBe('2');
  });
});
