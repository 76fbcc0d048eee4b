import type { TaskEnqueuePayload } from '../data/jobs/outbox.queries';
import { queueJobId } from './outbox';
import { backoffDelay } from './task-completion';

describe('backoffDelay', () => {
  it('doubles from the base and caps', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(policy, a))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(policy, 0)).toBe(100);
  });
});

describe('queueJobId', () => {
  const payload: TaskEnqueuePayload = {
    jobId: 'j',
    taskId: 't',
    taskKey: 'deploy',
    action: 'a',
    runAt: 0,
    initial: true,
  };
  it('is <jobId>.<taskKey> for the first message and unique per outbox row afterwards', () => {
    expect(queueJobId(payload, '17')).toBe('j.deploy');
    expect(queueJobId({ ...payload, initial: false }, '17')).toBe('j.deploy.17');
    expect(queueJobId({ ...payload, initial: false }, '18')).not.toBe(queueJobId({ ...payload, initial: false }, '17'));
  });
});
