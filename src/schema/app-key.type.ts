import { createUnionType, Field, ObjectType } from 'type-graphql';
import { failureTypeName, InvalidStateError } from './errors.type';

@ObjectType('DataPermission', { description: 'Access to one data model (seed 003): read, create, update, delete.' })
export class DataPermissionType {
  @Field(() => String) model!: string;
  @Field(() => String, { nullable: true }) version?: string | null;
  @Field(() => [String]) actions!: string[];
}

@ObjectType('AppIdentity', {
  description: "What an instance's AppKey is granted: the permissions and dependencies its version declares.",
})
export class AppIdentityType {
  @Field(() => [String]) apiPermissions!: string[];
  @Field(() => [DataPermissionType]) dataPermissions!: DataPermissionType[];
  @Field(() => [String], { description: 'Service models the app depends on.' }) dependencies!: string[];
}

@ObjectType('AppKeyIssued', { description: 'A new AppKey/AppSecret pair; the secret is shown this once.' })
export class AppKeyIssuedType {
  @Field(() => String) appKey!: string;
  @Field(() => String) appSecret!: string;
}

@ObjectType('AppKeyVerification', {
  description: 'Whether a presented AppKey/AppSecret pair is valid, and what it is granted (nothing when invalid).',
})
export class AppKeyVerificationType {
  @Field(() => Boolean) valid!: boolean;
  @Field(() => AppIdentityType) identity!: AppIdentityType;
}

export const AppKeyResult = createUnionType({
  name: 'AppKeyResult',
  types: () => [AppKeyIssuedType, InvalidStateError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'AppKeyIssued',
});
