import { CategoryService } from '../services/categories/category.service';
import { AppSuspensionService } from '../services/versions/app-suspension.service';
import { AppService } from '../services/apps/app.service';
import { AppEditService } from '../services/apps/app-edit.service';
import { AppUploadService } from '../services/apps/app-upload.service';
import { AttachmentStore } from '../services/attachments/attachment-store';
import { VersionPackageService } from '../services/apps/version-package.service';
import { AuthenticationService } from '../services/auth/authentication.service';
import { SessionService } from '../services/auth/session.service';
import { AccountService } from '../services/auth/account.service';
import { RepoService } from '../services/repos/repo.service';
import { createCredentialValidators } from '../services/runtimes/credential-validators';
import { RuntimeCredentialService } from '../services/runtimes/runtime-credential.service';
import { RuntimeService } from '../services/runtimes/runtime.service';
import { RuntimeResourceService } from '../services/runtime-resources/runtime-resource.service';
import { RuntimeOrphansService } from '../services/runtimes/runtime-orphans.service';
import { IdentityService } from '../services/identity.service';
import { JobViewService } from '../services/job-view.service';
import { InstanceService } from '../services/instances/instance.service';
import { AppKeyService } from '../services/app-keys/app-key.service';
import { createInstancePorts } from '../services/instances/instance-ports.wiring';
import { registerInstanceSettlement } from '../services/instances/instance-settlement';
import type { Platform } from '../services/platform';
import { ReviewService } from '../services/reviews/review.service';
import { SettingsService } from '../services/settings/settings.service';
import { WebhookSettingsService } from '../services/settings/webhook-settings.service';
import { VersionNotices } from '../services/notifications/version-notices';
import { NotificationFeed } from '../services/notifications/notification-feed';
import { StatisticsService } from '../services/statistics.service';
import { UserService } from '../services/users/user.service';
import { VersionLifecycleService } from '../services/versions/version-lifecycle.service';
import { VendorService } from '../services/vendor.service';
import { WorkspaceService } from '../services/workspace.service';
import { WorkspaceInvitationService } from '../services/workspace-invitation.service';
import { ComposedEditService } from '../services/composed/composed-edit.service';
import { DeployFromImageService } from '../services/composed/deploy-from-image.service';
import { DEFAULT_OPERATION_TIMEOUT_MS } from '../services/instances/instance.service';

/** The service layer, built once per process and shared by every request. */
export interface Services {
  readonly platform: Platform;
  readonly authentication: AuthenticationService;
  readonly identity: IdentityService;
  readonly accounts: AccountService;
  readonly users: UserService;
  readonly vendors: VendorService;
  readonly workspaces: WorkspaceService;
  readonly invitations: WorkspaceInvitationService;
  readonly jobs: JobViewService;
  readonly instances: InstanceService;
  readonly appKeys: AppKeyService;
  readonly repos: RepoService;
  readonly apps: AppService;
  readonly appUploads: AppUploadService;
  readonly appEdits: AppEditService;
  readonly attachments: AttachmentStore;
  readonly packages: VersionPackageService;
  readonly runtimeCredentials: RuntimeCredentialService;
  readonly runtimes: RuntimeService;
  readonly runtimeResources: RuntimeResourceService;
  readonly runtimeOrphans: RuntimeOrphansService;
  readonly settings: SettingsService;
  readonly webhook: WebhookSettingsService;
  readonly notificationFeed: NotificationFeed;
  readonly statistics: StatisticsService;
  readonly versions: VersionLifecycleService;
  readonly reviews: ReviewService;
  readonly categories: CategoryService;
  readonly appSuspension: AppSuspensionService;
  readonly composedEdits: ComposedEditService;
  readonly imageDeploys: DeployFromImageService;
}

export function createServices(platform: Platform): Services {
  const validators = createCredentialValidators(platform.outbound);
  const runtimeCredentials = new RuntimeCredentialService(platform, validators);
  const workspaces = new WorkspaceService();
  const sessions = new SessionService(platform.tokens);
  const settings = new SettingsService();
  const jobs = new JobViewService(platform.events, platform.jobHooks);
  const packages = new VersionPackageService(platform);
  const instancePorts = createInstancePorts(packages, platform.secrets);
  registerInstanceSettlement(platform.jobHooks, platform.events, instancePorts.planFailure);
  const webhook = new WebhookSettingsService(platform.secrets, platform.outbound);
  const notices = new VersionNotices(platform.events, webhook);
  const attachments = new AttachmentStore(platform);
  const appKeys = new AppKeyService(platform.secrets, platform.events);
  const versions = new VersionLifecycleService(settings, notices);
  const operationDeps = {
    events: platform.events,
    ports: instancePorts,
    timeoutMs: DEFAULT_OPERATION_TIMEOUT_MS,
    appKeys,
  };
  return {
    platform,
    authentication: new AuthenticationService(platform.tokens),
    identity: new IdentityService(sessions, platform.throttle),
    accounts: new AccountService(sessions, platform.throttle),
    users: new UserService(),
    vendors: new VendorService(),
    workspaces,
    invitations: new WorkspaceInvitationService(workspaces),
    jobs,
    instances: new InstanceService(platform.events, platform.jobHooks, jobs, instancePorts, undefined, appKeys),
    appKeys,
    repos: new RepoService(platform),
    apps: new AppService(),
    appUploads: new AppUploadService(platform, attachments),
    appEdits: new AppEditService(platform, attachments),
    attachments,
    packages,
    runtimeCredentials,
    runtimes: new RuntimeService(runtimeCredentials, validators),
    runtimeResources: new RuntimeResourceService({ events: platform.events, hooks: platform.jobHooks }),
    runtimeOrphans: new RuntimeOrphansService({ events: platform.events, hooks: platform.jobHooks }),
    settings,
    webhook,
    notificationFeed: new NotificationFeed(platform.events),
    statistics: new StatisticsService(),
    versions,
    reviews: new ReviewService(notices),
    categories: new CategoryService(platform, attachments),
    appSuspension: new AppSuspensionService(notices),
    composedEdits: new ComposedEditService(platform, packages, versions),
    imageDeploys: new DeployFromImageService(platform, operationDeps),
  };
}
