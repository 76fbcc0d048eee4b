import { AsyncQueue } from './async-queue';

describe('AsyncQueue', () => {
  it('delivers pushed items in order, buffered or awaited', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    const pending = q.next();
    q.push(2);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
    const waiting = q.next();
    q.push(3);
    expect(await waiting).toEqual({ value: 3, done: false });
  });

  it('ends after the buffered items and runs the close hook once', async () => {
    const onClose = jest.fn();
    const q = new AsyncQueue<string>(onClose);
    q.push('a');
    q.end();
    q.end();
    q.push('ignored');
    const seen: string[] = [];
    for await (const item of q) seen.push(item);
    expect(seen).toEqual(['a']);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('return() resolves a pending next() at once and closes', async () => {
    const onClose = jest.fn();
    const q = new AsyncQueue<number>(onClose);
    const pending = q.next();
    await expect(q.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('fail() rejects waiting and later next() calls after the buffered items', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.fail(new Error('boom'));
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toThrow('boom');
    const r = new AsyncQueue<number>();
    const waiting = r.next();
    r.fail(new Error('late'));
    await expect(waiting).rejects.toThrow('late');
  });
});
