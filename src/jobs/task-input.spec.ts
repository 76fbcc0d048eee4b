import { DriverError } from './errors';
import { stringInputs } from './task-input';

describe('stringInputs', () => {
  it('returns the named string fields', () => {
    expect(stringInputs({ action: 'x', input: { a: '1', b: '2', c: 3 } }, ['a', 'b'])).toEqual({ a: '1', b: '2' });
  });

  it('fails without retry on a missing or non-string field', () => {
    for (const input of [null, { a: '1' }, { a: '1', b: 2 }]) {
      const err = (() => {
        try {
          stringInputs({ action: 'x', input }, ['a', 'b']);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(DriverError);
      expect(err).toMatchObject({ code: 'BAD_TASK_INPUT', retryable: false, message: 'x needs a and b' });
    }
  });
});
