/** Stable error codes of repository access, validation, upload and sync. */
export const REPO_ERROR_CODES = [
  'BAD_URL',
  'TYPE_MISMATCH',
  'MISSING_ACCESS_KEY_ID',
  'MISSING_SECRET_ACCESS_KEY',
  'SSRF_BLOCKED',
  'UNREACHABLE',
  'ACCESS_DENIED',
  'WRITE_DENIED',
  'BUCKET_NOT_FOUND',
  'INDEX_NOT_FOUND',
  'BAD_INDEX_YAML',
  'INDEX_TYPE_MISMATCH',
  'READ_ONLY',
  'INVALID_PACKAGE',
  'PACKAGE_TYPE_MISMATCH',
  'VERSION_EXISTS',
  'PACKAGE_NOT_FOUND',
  'PACKAGE_TOO_LARGE',
  'DIGEST_MISMATCH',
  'INDEX_CONFLICT',
] as const;

export type RepoErrorCode = (typeof REPO_ERROR_CODES)[number];

/** Typed failure of a repository operation; `code` is what `RepoValidation.errorCode` carries. */
export class RepoError extends Error {
  override readonly name = 'RepoError';
  constructor(
    readonly code: RepoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
