import { createUnionType, Field, ObjectType } from 'type-graphql';
import { failureTypeName, ValidationError } from './errors.type';
import { UserType } from './user.type';

export const PasswordChangeResult = createUnionType({
  name: 'PasswordChangeResult',
  types: () => [UserType, ValidationError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'User',
});

@ObjectType('PasswordReset', {
  description: "An admin's password reset: the temporary password to hand over (shown once).",
})
export class PasswordResetType {
  @Field(() => UserType) user!: UserType;
  @Field(() => String, { description: 'Meets the policy; the user must replace it at the next login.' })
  temporaryPassword!: string;
}
