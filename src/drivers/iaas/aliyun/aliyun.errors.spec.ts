import { IaasError } from '../iaas.types';
import { classifyAliyunCode, toIaasError } from './aliyun.errors';

describe('Aliyun error table', () => {
  test.each([
    ['InvalidAccessKeyId.NotFound', 'BAD_CREDENTIALS', false],
    ['InvalidAccessKeyId.Inactive', 'BAD_CREDENTIALS', false],
    ['SignatureDoesNotMatch', 'BAD_CREDENTIALS', false],
    ['IncompleteSignature', 'BAD_CREDENTIALS', false],
    ['Forbidden.RAM', 'FORBIDDEN', false],
    ['Forbidden', 'FORBIDDEN', false],
    ['NoPermission', 'FORBIDDEN', false],
    ['QuotaExceed.ElasticQuota', 'QUOTA_EXCEEDED', false],
    ['QuotaExceed.DiskCapacity', 'QUOTA_EXCEEDED', false],
    ['InvalidInstanceId.NotFound', 'NOT_FOUND', false],
    ['InvalidImageId.NotFound', 'NOT_FOUND', false],
    ['InvalidRegionId.NotFound', 'WRONG_REGION', false],
    ['InvalidZoneId.NotFound', 'WRONG_REGION', false],
    ['Throttling', 'THROTTLED', true],
    ['Throttling.User', 'THROTTLED', true],
    ['ServiceUnavailable', 'THROTTLED', true],
    ['MissingParameter', 'INVALID_PARAMETER', false],
    ['InvalidParameter', 'INVALID_PARAMETER', false],
    ['IdempotentParameterMismatch', 'IDEMPOTENCY_MISMATCH', false],
    ['IncorrectInstanceStatus', 'INCORRECT_STATE', true],
    ['IncorrectDiskStatus', 'INCORRECT_STATE', true],
    ['InternalError', 'PROVIDER_ERROR', true],
    ['SomethingNew', 'PROVIDER_ERROR', false],
  ])('%s → %s (retryable %s), code kept', (providerCode, code, retryable) => {
    const { code: normalised, retryable: override } = classifyAliyunCode(providerCode);
    const err = new IaasError(normalised, providerCode, 'm', override);
    expect({ code: err.code, retryable: err.retryable, providerCode: err.providerCode }).toEqual({
      code,
      retryable,
      providerCode,
    });
  });

  test('SDK response errors keep the ECS code and message', () => {
    const sdkError = Object.assign(new Error('code: 404, The specified RegionId does not exist. request id: X'), {
      code: 'InvalidRegionId.NotFound',
      statusCode: 404,
      data: { Message: 'The specified RegionId does not exist.' },
    });
    const err = toIaasError(sdkError, 'DescribeZones');
    expect(err).toMatchObject({ code: 'WRONG_REGION', providerCode: 'InvalidRegionId.NotFound', retryable: false });
    expect(err.message).toBe('Aliyun DescribeZones: InvalidRegionId.NotFound: The specified RegionId does not exist.');
  });

  test.each([
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'ECONNRESET'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [new Error('socket hang up'), 'NetworkError'],
  ])('network failure %# is UNREACHABLE and retryable', (thrown, providerCode) => {
    expect(toIaasError(thrown, 'RunInstances')).toMatchObject({ code: 'UNREACHABLE', providerCode, retryable: true });
  });

  test('anything else is a non-retryable PROVIDER_ERROR', () => {
    expect(toIaasError(new TypeError('boom'), 'X')).toMatchObject({ code: 'PROVIDER_ERROR', retryable: false });
  });
});
