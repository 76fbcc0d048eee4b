import { registerEnumType } from 'type-graphql';
import {
  AppStatus,
  AppType,
  InstanceStatus,
  JobStatus,
  Provider,
  RepoType,
  ReviewStage,
  RuntimeEnvironment,
  SyncStatus,
  TransitionStatus,
  VersionStatus,
  Visibility,
} from '../entities/enums';
import { WorkspaceRole } from '../entities/membership.entity';
import { VendorStatus } from '../entities/vendor.entity';
import { InvitationStatus } from '../entities/workspace-invitation.entity';
import { BuiltinRole } from '../services/auth/permissions';

/** GraphQL enums share their values with the stored enums (one source of truth). */
registerEnumType(BuiltinRole, { name: 'Role', description: 'Built-in roles; custom roles appear in User.customRoles' });
registerEnumType(VendorStatus, { name: 'VendorStatus' });
registerEnumType(WorkspaceRole, { name: 'WorkspaceRole' });
registerEnumType(InvitationStatus, { name: 'InvitationStatus' });
registerEnumType(RepoType, { name: 'RepoType' });
registerEnumType(Provider, { name: 'Provider' });
registerEnumType(Visibility, { name: 'Visibility' });
registerEnumType(SyncStatus, { name: 'SyncStatus' });
registerEnumType(AppType, { name: 'AppType' });
registerEnumType(AppStatus, { name: 'AppStatus' });
registerEnumType(VersionStatus, { name: 'VersionStatus' });
registerEnumType(ReviewStage, { name: 'ReviewStage' });
registerEnumType(RuntimeEnvironment, { name: 'RuntimeEnvironment' });
registerEnumType(InstanceStatus, { name: 'InstanceStatus' });
registerEnumType(TransitionStatus, { name: 'TransitionStatus' });
registerEnumType(JobStatus, { name: 'JobStatus' });

export {
  AppStatus,
  AppType,
  BuiltinRole,
  InstanceStatus,
  InvitationStatus,
  JobStatus,
  Provider,
  RepoType,
  ReviewStage,
  RuntimeEnvironment,
  SyncStatus,
  TransitionStatus,
  VendorStatus,
  VersionStatus,
  Visibility,
  WorkspaceRole,
};
