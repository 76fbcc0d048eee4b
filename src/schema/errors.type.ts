import { Field, InterfaceType, ObjectType } from 'type-graphql';
import { InvalidStateFailure, NameTakenFailure, ValidationFailure } from '../services/errors';

@InterfaceType('ErrorResult', {
  description: 'An expected failure, returned as a member of an operation result union.',
})
export abstract class ErrorResult {
  @Field(() => String) errorCode!: string;
  @Field(() => String) message!: string;
}

@ObjectType()
export class FieldError {
  @Field(() => String, {
    description: 'What failed, e.g. "password:uppercase", "Chart.yaml" or "config.json:/properties/0"',
  })
  path!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ implements: ErrorResult })
export class ValidationError extends ErrorResult {
  @Field(() => [FieldError]) details!: FieldError[];
}

@ObjectType({ implements: ErrorResult })
export class InvalidStateError extends ErrorResult {
  @Field(() => String) from!: string;
  @Field(() => String) action!: string;
}

@ObjectType({ implements: ErrorResult })
export class NameTakenError extends ErrorResult {}

/**
 * Maps a service failure value to its GraphQL type name (for union resolveType);
 * undefined for success values.
 */
export function failureTypeName(value: unknown): string | undefined {
  if (value instanceof ValidationFailure) return 'ValidationError';
  if (value instanceof NameTakenFailure) return 'NameTakenError';
  if (value instanceof InvalidStateFailure) return 'InvalidStateError';
  return undefined;
}
