import {
  type DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLField,
  GraphQLList,
  type GraphQLOutputType,
  type GraphQLSchema,
  isCompositeType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../services/pagination';

/**
 * Fields whose cost is what they load, not 1: each reads (and the first one per version unpacks) a
 * package archive of up to 20 MiB; `file` also decodes a file of up to 10 MiB into the response.
 * Keyed `Type.field`. Children (if any) are added on top.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = Object.freeze({
  'AppVersion.file': 2000,
  'AppVersion.files': 300,
  'AppVersion.valuesSchema': 300,
  'AppVersion.configSchema': 300,
  'AppVersion.packageSize': 20,
  'Instance.effectiveConfig': 300,
});

/** Assumed length of a list of objects that is not paginated (categories, tasks, audits, revisions…). */
export const UNPAGED_LIST_SIZE = 10;

function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith('Connection') && field.args.some((a) => a.name === 'first');
}

function isListOfObjects(type: GraphQLOutputType): boolean {
  const nullable = getNullableType(type);
  return nullable instanceof GraphQLList && isCompositeType(getNamedType(nullable));
}

/**
 * The price of one field: a fixed cost from FIELD_COSTS; a connection multiplies its selection by the
 * page it fetches (`first`, or the default page size when absent); `edges` of a connection is paid
 * for by the connection; other lists of objects multiply by UNPAGED_LIST_SIZE; introspection is free;
 * anything else costs 1.
 */
const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // introspection reads the in-memory schema (and is refused outright where it is off)
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  const fixed = FIELD_COSTS[`${type.name}.${field.name}`];
  if (fixed !== undefined) return fixed + childComplexity;
  if (isConnectionField(field)) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + Math.max(1, first) * childComplexity;
  }
  if (type.name.endsWith('Connection') && field.name === 'edges') return 1 + childComplexity;
  if (isListOfObjects(field.type)) return 1 + UNPAGED_LIST_SIZE * childComplexity;
  return 1 + childComplexity;
};

/** Most selection nodes the estimator walks (more is refused outright). */
const MAX_QUERY_NODES = 20_000;

/**
 * The estimated cost of an operation; `undefined` when its variables do not coerce (execution then
 * reports them as BAD_USER_INPUT); Infinity when the document is too large to estimate.
 */
export function operationCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query,
      operationName,
      variables,
      estimators: [estimator],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return /number of nodes/.test(err.message) ? Infinity : undefined;
  }
}
