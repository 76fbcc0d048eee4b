/**
 * ECS API errors as the real service returns them: an HTTP status and a JSON body
 * `{ RequestId, HostId, Code, Message, Recommend }` (see "Troubleshoot issues based on API error codes",
 * https://www.alibabacloud.com/help/doc-detail/40644.htm). Codes, statuses and messages follow the
 * ECS error centre; `IdempotentParameterMismatch` is the documented ClientToken mismatch
 * (https://www.alibabacloud.com/help/doc-detail/25693.html).
 */
export const ECS_ERRORS = {
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  'Forbidden.RAM': [403, "User not authorized to operate on the specified resource, or this API doesn't support RAM."],
  Forbidden: [403, 'User not authorized to operate on the specified resource.'],
  MissingParameter: [400, 'The input parameter that is mandatory for processing this request is not supplied.'],
  InvalidParameter: [400, 'The specified parameter is not valid.'],
  IdempotentParameterMismatch: [
    400,
    'Request uses a client token in a previous request but is not identical to that request.',
  ],
  'QuotaExceed.ElasticQuota': [403, 'The number of instances or vCPUs has exceeded the quota in the zone.'],
  'QuotaExceed.DiskCapacity': [403, 'The used capacity of disk type has exceeded the quota in the zone.'],
  'InvalidInstanceId.NotFound': [404, 'The specified InstanceId does not exist.'],
  'InvalidDiskId.NotFound': [404, 'The specified disk does not exist.'],
  'InvalidImageId.NotFound': [404, 'The specified ImageId does not exist.'],
  'InvalidKeyPairName.NotFound': [404, 'The specified KeyPairName does not exist in our records.'],
  'InvalidVSwitchId.NotFound': [404, 'The specified VSwitchId does not exist.'],
  'InvalidVpcId.NotFound': [404, 'The specified VpcId does not exist.'],
  'InvalidRegionId.NotFound': [404, 'The specified RegionId does not exist.'],
  'InvalidZoneId.NotFound': [404, 'The specified zone does not exist.'],
  'InvalidAction.NotFound': [404, 'Specified api is not found, please check your url and method.'],
  IncorrectInstanceStatus: [403, 'The current status of the resource does not support this operation.'],
  IncorrectDiskStatus: [403, 'The current disk status does not support this operation.'],
  'KeyPair.AlreadyExist': [400, 'The key pair already exist.'],
  DryRunOperation: [400, 'Request validation has been passed with DryRun flag set.'],
  InvalidVersion: [400, 'Specified parameter Version is not valid.'],
  Throttling: [400, 'Request was denied due to request throttling.'],
  'Throttling.User': [400, 'Request was denied due to user flow control.'],
  InternalError: [500, 'The request processing has failed due to some unknown error, exception or failure.'],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
} as const satisfies Record<string, readonly [number, string]>;

export type EcsErrorCode = keyof typeof ECS_ERRORS;

/** A failure the sandbox answers with the cloud's status and JSON error body. */
export class EcsApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    detail?: string,
  ) {
    const known = (ECS_ERRORS as Record<string, readonly [number, string]>)[code];
    super(detail ?? known?.[1] ?? 'The request processing has failed.');
    this.status = known?.[0] ?? 400;
  }
}

export function ecsError(code: EcsErrorCode, detail?: string): EcsApiError {
  return new EcsApiError(code, detail);
}

export function missing(name: string): EcsApiError {
  return new EcsApiError(
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalid(name: string, why = 'is not valid'): EcsApiError {
  return new EcsApiError('InvalidParameter', `The specified parameter "${name}" ${why}.`);
}
