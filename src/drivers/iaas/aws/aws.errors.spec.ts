import { IaasError } from '../iaas.types';
import { fromEc2Code, toIaasError } from './aws.errors';

describe('EC2 error codes → IaasError', () => {
  it.each([
    ['AuthFailure', 'AWS was not able to validate the provided access credentials', 'BAD_CREDENTIALS'],
    ['InvalidClientTokenId', 'The security token included in the request is invalid.', 'BAD_CREDENTIALS'],
    ['SignatureDoesNotMatch', 'The request signature we calculated does not match', 'BAD_CREDENTIALS'],
    ['MissingAuthenticationToken', 'Request is missing Authentication Token', 'BAD_CREDENTIALS'],
    ['AuthFailure', "Credential should be scoped to a valid region, not 'eu-west-9'.", 'WRONG_REGION'],
    ['SignatureDoesNotMatch', "Credential should be scoped to a valid region, not 'us-east-2'.", 'WRONG_REGION'],
    ['UnauthorizedOperation', 'You are not authorized to perform this operation.', 'FORBIDDEN'],
    ['OptInRequired', 'You are not subscribed to this service.', 'FORBIDDEN'],
    [
      'InstanceLimitExceeded',
      'You have requested more instances (21) than your current instance limit of 20',
      'QUOTA_EXCEEDED',
    ],
    ['VolumeLimitExceeded', 'maximum number of volumes', 'QUOTA_EXCEEDED'],
    ['VcpuLimitExceeded', 'vCPU limit', 'QUOTA_EXCEEDED'],
    ['RequestLimitExceeded', 'Request limit exceeded.', 'THROTTLED'],
    ['Throttling', 'Rate exceeded', 'THROTTLED'],
    ['InvalidInstanceID.NotFound', "The instance ID 'i-1' does not exist", 'NOT_FOUND'],
    ['InvalidVolume.NotFound', "The volume 'vol-1' does not exist.", 'NOT_FOUND'],
    ['InvalidAMIID.NotFound', "The image id '[ami-1]' does not exist", 'NOT_FOUND'],
    ['InvalidKeyPair.NotFound', "The key pair 'k' does not exist", 'NOT_FOUND'],
    ['InvalidParameterValue', 'Value (x) for parameter y is invalid.', 'INVALID_PARAMETER'],
    ['InvalidParameterCombination', 'No attributes specified.', 'INVALID_PARAMETER'],
    ['MissingParameter', 'The request must contain the parameter ImageId', 'INVALID_PARAMETER'],
    ['InvalidInstanceID.Malformed', 'Invalid id: "x"', 'INVALID_PARAMETER'],
    ['InvalidKey.Format', 'Key is not in valid OpenSSH public key format', 'INVALID_PARAMETER'],
    ['InvalidKeyPair.Duplicate', "The keypair 'k' already exists.", 'INVALID_PARAMETER'],
    ['InvalidSubnet.Conflict', 'conflicts with another subnet', 'INVALID_PARAMETER'],
    ['IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent', 'IDEMPOTENCY_MISMATCH'],
    ['IncorrectState', "vol-1 is not 'available'.", 'INCORRECT_STATE'],
    ['IncorrectInstanceState', "The instance 'i-1' is not in the 'stopped' state.", 'INCORRECT_STATE'],
    ['VolumeInUse', 'vol-1 is already attached to an instance', 'INCORRECT_STATE'],
    ['InternalError', 'An internal error has occurred', 'PROVIDER_ERROR'],
    ['DryRunOperation', 'Request would have succeeded', 'PROVIDER_ERROR'],
  ])('%s (%s) → %s', (ec2Code, message, code) => {
    const err = fromEc2Code(ec2Code, message, 400);
    expect(err).toBeInstanceOf(IaasError);
    expect([err.code, err.providerCode, err.message]).toEqual([code, ec2Code, message]);
  });

  it.each([
    ['RequestLimitExceeded', 503, true],
    ['AuthFailure', 401, false],
    ['InternalError', 500, true],
    ['Unsupported', 400, false],
  ])('%s (HTTP %d) retryable: %s', (ec2Code, status, retryable) => {
    expect(fromEc2Code(ec2Code, 'm', status).retryable).toBe(retryable);
  });
});

describe('thrown SDK errors → IaasError', () => {
  const serviceError = (name: string, status: number) =>
    Object.assign(new Error('from EC2'), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
  const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });

  it.each([
    ['an EC2 answer', 'BAD_CREDENTIALS', 'AuthFailure', serviceError('AuthFailure', 401)],
    ['an EC2 throttle', 'THROTTLED', 'RequestLimitExceeded', serviceError('RequestLimitExceeded', 503)],
    ['connection refused', 'UNREACHABLE', 'ECONNREFUSED', errno('ECONNREFUSED')],
    ['connection reset (response lost)', 'UNREACHABLE', 'ECONNRESET', errno('ECONNRESET')],
    ['DNS failure', 'UNREACHABLE', 'ENOTFOUND', errno('ENOTFOUND')],
    [
      'SDK timeout',
      'UNREACHABLE',
      'TimeoutError',
      Object.assign(new Error('Connection timed out after 100 ms'), { name: 'TimeoutError' }),
    ],
    [
      'a socket error rewrapped by the SDK',
      'UNREACHABLE',
      'ECONNREFUSED',
      new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9'),
    ],
    ['an unexpected error', 'PROVIDER_ERROR', 'TypeError', new TypeError('boom')],
  ] as const)('%s → %s (%s)', (_what, code, providerCode, err) => {
    const mapped = toIaasError(err);
    expect([mapped.code, mapped.providerCode]).toEqual([code, providerCode]);
  });

  it('network failures are retryable, credential failures are not', () => {
    expect(toIaasError(errno('ECONNREFUSED')).retryable).toBe(true);
    expect(toIaasError(serviceError('AuthFailure', 401)).retryable).toBe(false);
  });

  it('an IaasError passes through unchanged', () => {
    const original = new IaasError('NOT_FOUND', 'x', 'y');
    expect(toIaasError(original)).toBe(original);
  });
});
