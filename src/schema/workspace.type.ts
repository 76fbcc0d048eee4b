import { Field, ID, ObjectType } from 'type-graphql';
import { InvitationStatus, WorkspaceRole } from './enums';

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

@ObjectType('WorkspaceInvitation', {
  description: 'An offer to join a workspace; the invitee becomes a member by accepting it.',
})
export class WorkspaceInvitationType {
  @Field(() => ID) id!: string;
  @Field(() => WorkspaceRole) role!: WorkspaceRole;
  @Field(() => InvitationStatus) status!: InvitationStatus;
  @Field(() => Date) createdAt!: Date;
  // workspace, invitee, invitedBy: field resolvers
}
