import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import '../schema/enums';
import { resolvers } from '../resolvers';
import { DateTimeScalar } from '../schema/scalars';
import { guardArguments } from './argument-guard';
import { authChecker } from './auth-checker';

let cached: Promise<GraphQLSchema> | undefined;

/**
 * type-graphql insists on a PubSub even when every subscription brings its own `subscribe`
 * (Marina's stream from services/events with access checks). Topic-based subscriptions are a
 * programming error here, so this one refuses to be used.
 */
const topicSubscriptionsRefused = {
  publish(): never {
    throw new Error('Topic-based subscriptions are not used in Marina: give @Subscription a subscribe function');
  },
  subscribe(): never {
    throw new Error('Topic-based subscriptions are not used in Marina: give @Subscription a subscribe function');
  },
};

/** Builds the executable schema once per process, every argument checked by the argument guard. */
export function marinaSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    pubSub: topicSubscriptionsRefused as never,
  }).then(guardArguments);
  return cached;
}

/** The SDL committed as schema.graphql (sorted, so diffs are stable). */
export async function printMarinaSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await marinaSchema()))}\n`;
}
