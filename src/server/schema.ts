import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import '../schema/enums';
import { resolvers } from '../resolvers';
import { DateTimeScalar } from '../schema/scalars';
import { authChecker } from './auth-checker';

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the executable schema once per process. */
export function marinaSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
  });
  return cached;
}

/** The SDL committed as schema.graphql (sorted, so diffs are stable). */
export async function printMarinaSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await marinaSchema()))}\n`;
}
