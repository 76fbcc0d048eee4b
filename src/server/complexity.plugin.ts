import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Refuses operations whose estimated cost exceeds `max`. Each field costs 1; list fields with a
 * `first` argument multiply their children's cost by it (a page of 100 apps × versions is expensive).
 */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [
              fieldExtensionsEstimator(),
              ({ args, childComplexity }) => (typeof args.first === 'number' ? 1 + childComplexity * Math.max(1, args.first) : undefined) as number,
              simpleEstimator({ defaultComplexity: 1 }),
            ],
          });
          if (complexity > max) {
            throw new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${max}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
        },
      };
    },
  };
}
