/** Every entity class, for the ORM configuration. */
import { ApiToken } from './api-token.entity';
import { App } from './app.entity';
import { AppVersion } from './app-version.entity';
import { Attachment } from './attachment.entity';
import { Category } from './category.entity';
import { Instance } from './instance.entity';
import { InstanceEventRecord } from './instance-event.entity';
import { InstanceNode } from './instance-node.entity';
import { InstanceRevision } from './instance-revision.entity';
import { Job } from './job.entity';
import { LoginThrottleEntry } from './login-throttle.entity';
import { JobTransition } from './job-transition.entity';
import { Membership } from './membership.entity';
import { OutboxMessage } from './outbox.entity';
import { PlatformSetting } from './platform-setting.entity';
import { RefreshToken } from './refresh-token.entity';
import { Repo } from './repo.entity';
import { RepoEvent } from './repo-event.entity';
import { Review } from './review.entity';
import { ReviewPhase } from './review-phase.entity';
import { RoleDefinition } from './role-definition.entity';
import { Runtime } from './runtime.entity';
import { RuntimeCredential } from './runtime-credential.entity';
import { Task } from './task.entity';
import { User } from './user.entity';
import { Vendor } from './vendor.entity';
import { VersionAudit } from './version-audit.entity';
import { VmHostKey } from './vm-host-key.entity';
import { Workspace } from './workspace.entity';
import { WorkspaceInvitation } from './workspace-invitation.entity';

export const entities = [
  ApiToken,
  App,
  AppVersion,
  Attachment,
  Category,
  Instance,
  InstanceEventRecord,
  InstanceNode,
  InstanceRevision,
  Job,
  JobTransition,
  LoginThrottleEntry,
  Membership,
  OutboxMessage,
  PlatformSetting,
  RefreshToken,
  Repo,
  RepoEvent,
  Review,
  ReviewPhase,
  RoleDefinition,
  Runtime,
  RuntimeCredential,
  Task,
  User,
  Vendor,
  VersionAudit,
  VmHostKey,
  Workspace,
  WorkspaceInvitation,
];

export {
  ApiToken,
  App,
  AppVersion,
  Attachment,
  Category,
  Instance,
  InstanceEventRecord,
  InstanceNode,
  InstanceRevision,
  Job,
  JobTransition,
  LoginThrottleEntry,
  Membership,
  OutboxMessage,
  PlatformSetting,
  RefreshToken,
  Repo,
  RepoEvent,
  Review,
  ReviewPhase,
  RoleDefinition,
  Runtime,
  RuntimeCredential,
  Task,
  User,
  Vendor,
  VersionAudit,
  VmHostKey,
  Workspace,
  WorkspaceInvitation,
};
export * from './enums';
export { WorkspaceRole } from './membership.entity';
export { VendorStatus } from './vendor.entity';
export { InvitationStatus } from './workspace-invitation.entity';
