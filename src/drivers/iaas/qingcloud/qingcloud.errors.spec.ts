import { qingCloudError } from './qingcloud.errors';
import { flattenParams } from './qingcloud.transport';

describe('QingCloud error table', () => {
  test.each([
    [1100, 'ParameterError, missing required parameter [image_id]', 'INVALID_PARAMETER', false],
    [1200, 'AuthFailure, signature not matched', 'BAD_CREDENTIALS', false],
    [1300, 'MessageExpired, time_stamp [2013-08-27T14:30:10Z] expired', 'INVALID_PARAMETER', false],
    [
      1400,
      'PermissionDenied, the status of resource [i-1] is [running], can not perform this operation',
      'INCORRECT_STATE',
      true,
    ],
    [
      1400,
      'PermissionDenied, resource [vol-umyf1cy2] lease info not ready yet, please try later',
      'INCORRECT_STATE',
      true,
    ],
    [1400, 'PermissionDenied, access denied', 'FORBIDDEN', false],
    [2100, 'ResourceNotFound, resource [i-1] not found', 'NOT_FOUND', false],
    [2100, 'ResourceNotFound, zone [ap9] not found', 'WRONG_REGION', false],
    [2400, 'LackOfBalance, balance not enough', 'QUOTA_EXCEEDED', false],
    [2500, 'QuotaExceeded, quota of [instance] exceeded', 'QUOTA_EXCEEDED', false],
    [2500, 'QuotaExceeded, requests too frequent, please try later', 'THROTTLED', true],
    [5000, 'InternalError, internal error, please try later', 'PROVIDER_ERROR', true],
    [5100, 'ServerBusy, server busy', 'THROTTLED', true],
    [9999, 'Unheard of', 'PROVIDER_ERROR', false],
  ])('%i "%s" → %s (retryable %s), ret_code kept', (retCode, message, code, retryable) => {
    const err = qingCloudError('RunInstances', retCode, message);
    expect({ code: err.code, retryable: err.retryable, providerCode: err.providerCode }).toEqual({
      code,
      retryable,
      providerCode: String(retCode),
    });
    expect(err.message).toBe(`QingCloud RunInstances: ${retCode}: ${message}`);
  });
});

describe('QingCloud parameters', () => {
  test('lists become name.N, records name.N.field, booleans 1/0, undefined is left out', () => {
    expect(
      flattenParams({
        instances: ['i-a', 'i-b'],
        resource_tag_pairs: [{ tag_id: 'tag-1', resource_type: 'instance', resource_id: 'i-a' }],
        count: 2,
        verbose: true,
        zone: undefined,
      }),
    ).toEqual({
      'instances.1': 'i-a',
      'instances.2': 'i-b',
      'resource_tag_pairs.1.tag_id': 'tag-1',
      'resource_tag_pairs.1.resource_type': 'instance',
      'resource_tag_pairs.1.resource_id': 'i-a',
      count: '2',
      verbose: '1',
    });
  });
});
