import { IaasError } from './iaas.types';
import { backoffMs, retryThrottled } from './retry-throttled';

const options = { attempts: 4, baseDelayMs: 100, maxDelayMs: 250 };

function failing(errors: Error[]): () => Promise<string> {
  return async () => {
    const err = errors.shift();
    if (err) throw err;
    return 'ok';
  };
}

describe('retryThrottled', () => {
  test.each([
    [1, 1, 100],
    [2, 1, 200],
    [3, 1, 250],
    [9, 1, 250],
    [2, 0.5, 150],
    [1, 0, 50],
  ])('attempt %d with random %d waits %d ms', (attempt, random, expected) => {
    expect(backoffMs(attempt, options, () => random)).toBe(expected);
  });

  test('retries THROTTLED with growing, capped, jittered delays, then succeeds', async () => {
    const delays: number[] = [];
    const throttled = () => new IaasError('THROTTLED', 'Throttling.User', 'slow down');
    const result = await retryThrottled(failing([throttled(), throttled(), throttled()]), options, {
      sleep: async (ms) => delays.push(ms),
    });
    expect(result).toBe('ok');
    expect(delays).toHaveLength(3);
    [100, 200, 250].forEach((cap, n) => {
      expect(delays[n]).toBeGreaterThanOrEqual(cap / 2);
      expect(delays[n]).toBeLessThanOrEqual(cap);
    });
  });

  test('gives up after the last attempt with the THROTTLED error', async () => {
    const errors = Array.from({ length: 5 }, () => new IaasError('THROTTLED', 'Throttling', 'slow down'));
    const sleeps: number[] = [];
    await expect(
      retryThrottled(failing(errors), options, { sleep: async (ms) => sleeps.push(ms) }),
    ).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(sleeps).toHaveLength(3);
  });

  test('does not retry other errors', async () => {
    const sleeps: number[] = [];
    const err = new IaasError('UNREACHABLE', 'ECONNRESET', 'lost');
    await expect(retryThrottled(failing([err]), options, { sleep: async (ms) => sleeps.push(ms) })).rejects.toBe(err);
    expect(sleeps).toEqual([]);
  });
});
