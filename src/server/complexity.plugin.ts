import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Cost estimate: each field costs 1; list fields with a `first` argument multiply their children's
 * cost by it (a page of 100 apps × versions is expensive). Undefined when the variables do not coerce
 * (e.g. a missing required one): execution then reports them as BAD_USER_INPUT.
 */
function estimate(schema: GraphQLSchema, query: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): number | undefined {
  try {
    return getComplexity({
      schema,
      query,
      operationName,
      variables,
      estimators: [
        fieldExtensionsEstimator(),
        ({ args, childComplexity }) => (typeof args.first === 'number' ? 1 + childComplexity * Math.max(1, args.first) : undefined) as number,
        simpleEstimator({ defaultComplexity: 1 }),
      ],
    });
  } catch (err) {
    if (err instanceof GraphQLError) return undefined;
    throw err;
  }
}

/** Refuses operations whose estimated cost exceeds `max` (BAD_USER_INPUT, HTTP 400). */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = estimate(schema, document, request.operationName, request.variables);
          if (complexity !== undefined && complexity > max) {
            throw new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${max}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
        },
      };
    },
  };
}
