import { Field, ID, ObjectType } from 'type-graphql';
import { WorkspaceRole } from './enums';

@ObjectType('Workspace')
export class WorkspaceType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Date) createdAt!: Date;
  // members: field resolver
}

@ObjectType('Membership')
export class MembershipType {
  @Field(() => ID) id!: string;
  @Field(() => WorkspaceRole) role!: WorkspaceRole;
}
