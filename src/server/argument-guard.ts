import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  GraphQLInputObjectType,
  GraphQLList,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import { badInput } from '../services/errors';
import { isUuid } from '../services/ids';
import { isStorableText } from '../services/text';
import { JSON_ARGUMENT_LIMIT, stringLimit } from './input-limits';

/**
 * The one validation point for every argument of every field (queries, mutations, subscriptions and
 * fields with arguments), run before the resolver or subscribe function:
 * - `ID` values must be UUIDs (a malformed id is BAD_USER_INPUT; a well-formed unknown one stays NOT_FOUND);
 * - strings (also inside JSON values, keys included) must not contain NUL or unpaired surrogates;
 * - strings are at most their documented length (input-limits.ts), JSON values at most JSON_ARGUMENT_LIMIT.
 * Violations throw BAD_USER_INPUT naming the argument path; nothing reaches services or the database.
 * Mutates the schema's field configs in place and returns the schema.
 */
export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) if (field.args.length > 0) guardField(field);
  }
  return schema;
}

function guardField(field: GraphQLField<unknown, unknown>): void {
  const check = (args: Record<string, unknown>) => {
    for (const arg of field.args) checkArgument(arg, args[arg.name]);
  };
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args, ctx, info) => {
    check(args);
    return resolve(source, args, ctx, info);
  };
  const subscribe = field.subscribe;
  if (subscribe) {
    field.subscribe = (source, args, ctx, info) => {
      check(args);
      return subscribe(source, args, ctx, info);
    };
  }
}

function checkArgument(arg: GraphQLArgument, value: unknown): void {
  checkValue(arg.type, value, arg.name, arg.name);
}

/** `path` names the value in messages; `limitName` is the argument or input field name that picks the length limit. */
function checkValue(type: GraphQLInputType, value: unknown, path: string, limitName: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (nullable instanceof GraphQLList) {
    if (Array.isArray(value))
      value.forEach((item, i) => checkValue(nullable.ofType as GraphQLInputType, item, `${path}[${i}]`, limitName));
    return;
  }
  if (nullable instanceof GraphQLInputObjectType) {
    for (const field of Object.values(nullable.getFields())) {
      checkValue(field.type, (value as Record<string, unknown>)[field.name], `${path}.${field.name}`, field.name);
    }
    return;
  }
  const named = getNamedType(nullable).name;
  if (named === 'ID') checkId(value, path);
  else if (named === 'String') checkString(value, path, stringLimit(limitName));
  else if (named === 'JSON') checkJson(value, path);
}

function checkId(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isUuid(value)) throw badInput(`Argument "${path}" is not a valid id`);
}

/** Throws BAD_USER_INPUT for NUL characters, unpaired surrogates, or more than `limit` UTF-16 code units. */
export function checkString(value: unknown, path: string, limit: number): void {
  if (typeof value !== 'string') return;
  if (value.length > limit) throw badInput(`Argument "${path}" is longer than ${limit} characters`);
  if (!isStorableText(value))
    throw badInput(`Argument "${path}" contains a NUL character or an unpaired UTF-16 surrogate`);
}

function checkJson(value: unknown, path: string): void {
  const text = JSON.stringify(value);
  if (text !== undefined && Buffer.byteLength(text) > JSON_ARGUMENT_LIMIT)
    throw badInput(`Argument "${path}" is larger than ${JSON_ARGUMENT_LIMIT} bytes of JSON`);
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') checkString(v, at, JSON_ARGUMENT_LIMIT);
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        checkString(k, at, JSON_ARGUMENT_LIMIT);
        walk(item, at);
      }
    }
  };
  walk(value, path);
}
