import { topics, type UserNotification } from './event-topics';
import { MemoryPubSub } from './memory-pubsub';

const note = (message: string, data?: Record<string, unknown>): UserNotification => ({
  userId: 'u',
  kind: 'k',
  message,
  data,
});

describe('MemoryPubSub', () => {
  it('delivers asynchronously, in order, as JSON copies, only to the topic', async () => {
    const ps = new MemoryPubSub();
    const got: UserNotification[] = [];
    const other: unknown[] = [];
    await ps.subscribe(topics.user('u'), (n) => got.push(n));
    await ps.subscribe(topics.user('v'), (n) => other.push(n));
    const payload = note('one', { at: new Date('2026-01-01T00:00:00Z') });
    const published = Promise.all([ps.publish(topics.user('u'), payload), ps.publish(topics.user('u'), note('two'))]);
    expect(got).toEqual([]); // never delivered synchronously inside publish()
    await published;
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(got.map((n) => n.message)).toEqual(['one', 'two']);
    expect(got[0]).not.toBe(payload);
    expect(got[0].data).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(other).toEqual([]);
  });

  it('stops delivering after unsubscribe and close, and isolates throwing handlers', async () => {
    const ps = new MemoryPubSub();
    const got: string[] = [];
    await ps.subscribe(topics.user('u'), () => {
      throw new Error('bug');
    });
    const off = await ps.subscribe(topics.user('u'), (n) => got.push(n.message));
    await ps.publish(topics.user('u'), note('a'));
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    await off();
    await ps.publish(topics.user('u'), note('b'));
    await ps.close();
    await ps.publish(topics.user('u'), note('c'));
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(got).toEqual(['a']);
  });
});
