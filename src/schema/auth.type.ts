import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { failureTypeName, NameTakenError, ValidationError } from './errors.type';
import { UserType } from './user.type';

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field(() => String) accessToken!: string;
  @Field(() => String) refreshToken!: string;
  @Field(() => UserType) user!: UserType;
}

export const AuthResult = createUnionType({
  name: 'AuthResult',
  types: () => [AuthPayloadType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'AuthPayload',
});

export const UserResult = createUnionType({
  name: 'UserResult',
  types: () => [UserType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'User',
});

@ObjectType('ApiToken')
export class ApiTokenType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'The secret; only in the createApiToken response.' })
  token?: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt?: Date | null;
}
