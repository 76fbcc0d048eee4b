import { IaasError } from '../iaas.types';
import type { BackoffOptions } from '../retry-throttled';
import { withThrottleRetry } from './aws.retry';

const policy: BackoffOptions = { attempts: 4, baseDelayMs: 100, maxDelayMs: 250 };
const throttled = () =>
  Object.assign(new Error('Request limit exceeded.'), {
    name: 'RequestLimitExceeded',
    $metadata: { httpStatusCode: 503 },
  });
const authFailure = () =>
  Object.assign(new Error('AWS was not able to validate the provided access credentials'), {
    name: 'AuthFailure',
    $metadata: { httpStatusCode: 401 },
  });

/** A call that fails with the given errors in turn, then succeeds. */
function failingThen(errors: Error[]) {
  const calls = { count: 0 };
  const call = async () => {
    const err = errors[calls.count++];
    if (err) throw err;
    return 'done';
  };
  return { call, calls };
}

describe('EC2 throttle retry', () => {
  it('retries throttled calls until one succeeds, waiting the backoff each time', async () => {
    const { call, calls } = failingThen([throttled(), throttled()]);
    const waits: number[] = [];
    const result = await withThrottleRetry(call, policy, { sleep: async (ms) => void waits.push(ms), random: () => 1 });
    expect([result, calls.count, waits]).toEqual(['done', 3, [100, 200]]);
  });

  it('gives up after the policy’s attempts with THROTTLED', async () => {
    const { call, calls } = failingThen([throttled(), throttled(), throttled(), throttled(), throttled()]);
    const err = await withThrottleRetry(call, policy, { sleep: async () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IaasError);
    expect([(err as IaasError).code, (err as IaasError).retryable, calls.count]).toEqual(['THROTTLED', true, 4]);
  });

  it('does not retry other failures', async () => {
    const { call, calls } = failingThen([authFailure()]);
    const err = await withThrottleRetry(call, policy, { sleep: async () => undefined }).catch((e: unknown) => e);
    expect([(err as IaasError).code, calls.count]).toEqual(['BAD_CREDENTIALS', 1]);
  });

  it('does not retry a lost response (the caller observes first)', async () => {
    const { call, calls } = failingThen([Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })]);
    const err = await withThrottleRetry(call, policy, { sleep: async () => undefined }).catch((e: unknown) => e);
    expect([(err as IaasError).code, calls.count]).toEqual(['UNREACHABLE', 1]);
  });
});
