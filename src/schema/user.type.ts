import { Field, ID, ObjectType } from 'type-graphql';
import { BuiltinRole } from './enums';
import { Connection } from './connection';

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) username!: string;
  // email: field resolver (masked outside the user's workspace)
  @Field(() => Date) createdAt!: Date;
  // roles, customRoles, permissions, workspace: field resolvers (resolvers/user.resolver.ts)
}

export const UserConnection = Connection(UserType, 'User');

@ObjectType('RoleDefinition', { description: 'A permission set: built-in or composed by an admin.' })
export class RoleDefinitionType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => Boolean) builtin!: boolean;
  @Field(() => [String]) permissions!: string[];
}

export { BuiltinRole };
