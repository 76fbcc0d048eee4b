import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../services/errors';

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
]);

/**
 * Domain errors keep their message and get `extensions.code`; GraphQL/Apollo request errors pass
 * through; anything else is masked as INTERNAL_SERVER_ERROR with a reference id that is logged.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { ...original.details, code: original.code === 'CONFLICT' ? 'BAD_USER_INPUT' : original.code },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) return { ...formatted, extensions: { code } };
    if (original && (original as { name?: string }).name === 'ArgumentValidationError') {
      return { message: formatted.message, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const ref = randomUUID();
    log.error({ err: original, ref, path: formatted.path }, 'internal error in GraphQL operation');
    return {
      message: `Internal server error (ref ${ref})`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ref },
    };
  };
}
