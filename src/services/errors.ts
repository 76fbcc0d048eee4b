import { UniqueConstraintViolationException } from '@mikro-orm/core';

/**
 * Service-level outcomes.
 * - Thrown `DomainError`s are unexpected or authorization failures; the GraphQL layer turns them into
 *   errors with `extensions.code` (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT).
 * - Returned `*Failure` values are expected outcomes; resolvers return them as members of result unions.
 */
export type DomainErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'UNAVAILABLE' | 'TOO_MANY_ATTEMPTS';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra `extensions` of the GraphQL error (e.g. retryAfter). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (message = 'Authentication required') => new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed') => new DomainError('FORBIDDEN', message);
/** NOT_FOUND naming the id; ids longer than 64 characters are not echoed back. */
export const notFound = (what: string, id: string) =>
  new DomainError('NOT_FOUND', id.length <= 64 ? `${what} ${id} not found` : `${what} not found`);
export const badInput = (message: string) => new DomainError('BAD_USER_INPUT', message);
/** Something the request needs from outside (e.g. a package in a remote repo) cannot be had now. */
export const unavailable = (message: string) => new DomainError('UNAVAILABLE', message);

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** Input failed validation; `details` name every failed field/rule. */
export class ValidationFailure {
  constructor(
    readonly message: string,
    readonly details: readonly FieldProblem[],
    readonly errorCode: string = 'VALIDATION_FAILED',
  ) {}
}

/** A unique name is already used in its scope. */
export class NameTakenFailure {
  readonly errorCode = 'NAME_TAKEN';
  constructor(readonly message: string) {}
}

/** The requested action is not allowed from the current state. */
export class InvalidStateFailure {
  readonly errorCode = 'INVALID_STATE';
  constructor(
    readonly message: string,
    readonly from: string,
    readonly action: string,
  ) {}
}

export type Failure = ValidationFailure | NameTakenFailure | InvalidStateFailure;

export function isFailure(value: unknown): value is Failure {
  return (
    value instanceof ValidationFailure || value instanceof NameTakenFailure || value instanceof InvalidStateFailure
  );
}

/**
 * Runs a write whose name was checked as free beforehand; when a concurrent writer took the name
 * in between, the unique-constraint violation comes back as `taken()` instead of an internal error.
 */
export async function nameTakenOnConflict<T>(
  write: () => Promise<T>,
  taken: () => NameTakenFailure,
): Promise<T | NameTakenFailure> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return taken();
    throw err;
  }
}
