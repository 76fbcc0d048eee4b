/**
 * QingCloud API errors: `{ ret_code, message }` in an HTTP 200 answer. Codes from the QingCloud
 * error code table (https://docs.qingcloud.com/api/common/error_code.html):
 *   1100 message format error (missing or malformed parameter), 1200 authentication failed (unknown
 *   access_key_id or bad signature), 1300 message expired (time_stamp too old), 1400 access denied
 *   (not yours, no permission, or the resource's state forbids the action), 2100 resource not found,
 *   2400 balance too low, 2500 quota exceeded (resources, or API calls in a short time),
 *   5000 internal error, 5100 server busy.
 * Messages follow the service's "<Reason>, <detail>" form (e.g. "PermissionDenied, resource [vol-…] …").
 */
export const QC_CODES = {
  PARAMETER: 1100,
  AUTH: 1200,
  EXPIRED: 1300,
  DENIED: 1400,
  NOT_FOUND: 2100,
  BALANCE: 2400,
  QUOTA: 2500,
  INTERNAL: 5000,
  BUSY: 5100,
} as const;

export class QcApiError extends Error {
  constructor(
    readonly retCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const qcErrors = {
  missing: (name: string) => new QcApiError(QC_CODES.PARAMETER, `ParameterError, missing required parameter [${name}]`),
  invalid: (name: string, why = 'is not valid') =>
    new QcApiError(QC_CODES.PARAMETER, `ParameterError, parameter [${name}] ${why}`),
  notFound: (id: string) => new QcApiError(QC_CODES.NOT_FOUND, `ResourceNotFound, resource [${id}] not found`),
  zoneNotFound: (zone: string) => new QcApiError(QC_CODES.NOT_FOUND, `ResourceNotFound, zone [${zone}] not found`),
  badState: (id: string, status: string) =>
    new QcApiError(
      QC_CODES.DENIED,
      `PermissionDenied, the status of resource [${id}] is [${status}], can not perform this operation`,
    ),
  quota: (what: string) => new QcApiError(QC_CODES.QUOTA, `QuotaExceeded, quota of [${what}] exceeded`),
  throttled: () => new QcApiError(QC_CODES.QUOTA, 'QuotaExceeded, requests too frequent, please try later'),
  internal: (detail = 'internal error, please try later') =>
    new QcApiError(QC_CODES.INTERNAL, `InternalError, ${detail}`),
};
