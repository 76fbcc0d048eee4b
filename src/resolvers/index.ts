import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver } from './account.resolver';
import { AppResolver } from './app.resolver';
import { CategoryResolver } from './category.resolver';
import { AppVersionResolver } from './app-version.resolver';
import {
  AuditEntryFieldsResolver,
  CategoryFieldsResolver,
  ReviewFieldsResolver,
  ReviewPhaseFieldsResolver,
} from './catalog-fields.resolver';
import { IdentityResolver } from './identity.resolver';
import { RepoResolver } from './repo.resolver';
import { RuntimeCredentialResolver, RuntimeResolver } from './runtime.resolver';
import { JobResolver } from './job.resolver';
import { InstanceResolver } from './instance.resolver';
import {
  InstanceFieldsResolver,
  InstanceNodeFieldsResolver,
  InstanceRevisionFieldsResolver,
  JobInstanceResolver,
  KubeResourceFieldsResolver,
} from './instance-fields.resolver';
import { InstanceLoadBalancersResolver, RuntimeResourceResolver } from './runtime-resource.resolver';
import { AppKeyResolver, InstanceIdentityResolver } from './app-key.resolver';
import { NotificationResolver } from './notification.resolver';
import { OrphanResolver } from './orphan.resolver';
import { StatisticsResolver } from './statistics.resolver';
import { UserResolver } from './user.resolver';
import { VersionLifecycleResolver } from './version-lifecycle.resolver';
import { VendorResolver } from './vendor.resolver';
import { WorkspaceResolver } from './workspace.resolver';
import { WorkspaceInvitationResolver } from './workspace-invitation.resolver';
import { ComposedResolver } from './composed.resolver';

/** Every resolver class of the schema. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  IdentityResolver,
  RuntimeResourceResolver,
  AppKeyResolver,
  InstanceIdentityResolver,
  InstanceLoadBalancersResolver,
  AccountResolver,
  JobResolver,
  UserResolver,
  VendorResolver,
  WorkspaceResolver,
  WorkspaceInvitationResolver,
  RepoResolver,
  AppResolver,
  CategoryResolver,
  AppVersionResolver,
  CategoryFieldsResolver,
  ReviewFieldsResolver,
  ReviewPhaseFieldsResolver,
  AuditEntryFieldsResolver,
  VersionLifecycleResolver,
  ComposedResolver,
  RuntimeCredentialResolver,
  RuntimeResolver,
  InstanceResolver,
  InstanceFieldsResolver,
  InstanceRevisionFieldsResolver,
  InstanceNodeFieldsResolver,
  KubeResourceFieldsResolver,
  JobInstanceResolver,
  NotificationResolver,
  StatisticsResolver,
  OrphanResolver,
];
