import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { credentialFieldCount, MAX_CREDENTIAL_FIELDS } from './credential-fields';
import { operationCost } from './query-cost';
import { jsonSizeOver } from './response-size';

/** Per-request limits (config: MARINA_MAX_QUERY_COST, MARINA_MAX_RESPONSE_BYTES). */
export interface OperationLimits {
  readonly maxCost: number;
  readonly maxResponseBytes: number;
}

function refusal(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/**
 * Checks an operation before anything of it runs: at most MAX_CREDENTIAL_FIELDS credential fields,
 * and an estimated cost (query-cost.ts) within `maxCost`. Returns the refusal, or undefined.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError | undefined {
  const credentials = credentialFieldCount(document, operationName);
  if (credentials > MAX_CREDENTIAL_FIELDS) {
    return refusal(
      `A request may hold at most ${MAX_CREDENTIAL_FIELDS} login, register, refreshToken, createApiToken, changePassword, createUser or createDeveloper fields; this one holds ${credentials}`,
    );
  }
  const cost = operationCost(schema, document, operationName, variables);
  if (cost !== undefined && cost > limits.maxCost)
    return refusal(`Query complexity ${cost} exceeds the limit of ${limits.maxCost}`);
  return undefined;
}

/** The error that replaces a result larger than `max` bytes. */
export function responseTooLarge(max: number): GraphQLFormattedError {
  return {
    message: `The response would be larger than ${max} bytes; ask for fewer or smaller fields`,
    extensions: { code: 'BAD_USER_INPUT' },
  };
}

/** True when the result's JSON would be larger than `max` bytes. */
export function resultTooLarge(result: unknown, max: number): boolean {
  return jsonSizeOver(result, max) > max;
}

/**
 * Apollo plugin: refuses operations `checkOperation` refuses (HTTP 400, before execution), and
 * replaces a result larger than `maxResponseBytes` by a BAD_USER_INPUT error.
 */
export function operationLimitsPlugin(schema: GraphQLSchema, limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const refused = checkOperation(schema, document, request.operationName, request.variables, limits);
          if (refused) throw refused;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !resultTooLarge(response.body.singleResult, limits.maxResponseBytes))
            return;
          response.body.singleResult = { errors: [responseTooLarge(limits.maxResponseBytes)] };
          response.http.status = 400;
        },
      };
    },
  };
}
