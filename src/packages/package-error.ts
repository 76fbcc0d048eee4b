/**
 * Typed failures of package reading and validation. Every rejection of a package (archive,
 * YAML/JSON content, VM/template/Helm metadata) is a `PackageError` carrying a stable `code`
 * and the package-relative `path` it concerns ('' when it concerns the whole package).
 */
import { ARCHIVE_ERROR_CODES } from '@marina/go-runtime';

/** The archive container and entry codes are go-runtime's (an ArchiveError becomes a PackageError with its code). */
export const PACKAGE_ERROR_CODES = [
  ...ARCHIVE_ERROR_CODES,
  // content
  'INVALID_UTF8',
  'INVALID_YAML',
  'YAML_ALIAS_LIMIT',
  'YAML_TOO_DEEP',
  'INVALID_JSON',
  'JSON_TOO_DEEP',
  // package semantics
  'UNKNOWN_FORMAT',
  'MISSING_FILE',
  'INVALID_METADATA',
  'INVALID_CHART',
  'INVALID_CONFIG',
  'INVALID_CLUSTER',
  'INVALID_TEMPLATE',
  'INVALID_COMPOSITION',
  'RENDER_FAILED',
] as const;

export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

/** One problem found in one file of a package. */
export interface PackageIssue {
  readonly code: PackageErrorCode;
  /** Package-relative path ('' for the package as a whole), optionally with a JSON pointer after ':'. */
  readonly path: string;
  readonly message: string;
}

/** Thrown when a package (or one of its files) is rejected. Never thrown for I/O bugs of our own. */
export class PackageError extends Error implements PackageIssue {
  override readonly name = 'PackageError';
  constructor(
    readonly code: PackageErrorCode,
    readonly path: string,
    /** The problem without the path prefix that `message` carries. */
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
  }

  /** The plain issue, for per-file error lists. */
  toIssue(): PackageIssue {
    return { code: this.code, path: this.path, message: this.detail };
  }
}

/** Thrown when validation collected several per-file problems; `issues` is never empty. */
export class PackageValidationError extends PackageError {
  constructor(readonly issues: readonly PackageIssue[]) {
    super(issues[0].code, issues[0].path, summarize(issues));
  }
}

function summarize(issues: readonly PackageIssue[]): string {
  const first = issues[0].message;
  return issues.length === 1 ? first : `${first} (and ${issues.length - 1} more problem(s))`;
}

export function isPackageError(err: unknown): err is PackageError {
  return err instanceof PackageError;
}
