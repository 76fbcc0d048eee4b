/** Enumerations stored in the database and exposed (same values) in GraphQL. */
export enum RepoType {
  S3 = 'S3',
  HTTP = 'HTTP',
  HTTPS = 'HTTPS',
}
export enum Provider {
  KUBERNETES = 'KUBERNETES',
  QINGCLOUD = 'QINGCLOUD',
  AWS = 'AWS',
  ALIYUN = 'ALIYUN',
}
export enum Visibility {
  PUBLIC = 'PUBLIC',
  PRIVATE = 'PRIVATE',
}
export enum SyncStatus {
  PENDING = 'PENDING',
  SYNCING = 'SYNCING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
export enum AppType {
  HELM = 'HELM',
  VM = 'VM',
  TEMPLATE = 'TEMPLATE',
  COMPOSED = 'COMPOSED',
}
export enum AppStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  DELETED = 'DELETED',
}
export enum VersionStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  IN_REVIEW = 'IN_REVIEW',
  PASSED = 'PASSED',
  REJECTED = 'REJECTED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  DELETED = 'DELETED',
}
export enum ReviewStage {
  ISV = 'ISV',
  BUSINESS = 'BUSINESS',
  TECHNICAL = 'TECHNICAL',
  APP_REVIEW = 'APP_REVIEW',
}
export enum RuntimeEnvironment {
  TEST = 'TEST',
  PRODUCTION = 'PRODUCTION',
}
export enum InstanceStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  STOPPED = 'STOPPED',
  FAILED = 'FAILED',
  DELETED = 'DELETED',
  CEASED = 'CEASED',
}
export enum TransitionStatus {
  CREATING = 'CREATING',
  STARTING = 'STARTING',
  STOPPING = 'STOPPING',
  UPGRADING = 'UPGRADING',
  ROLLING_BACK = 'ROLLING_BACK',
  UPDATING = 'UPDATING',
  RESIZING = 'RESIZING',
  SCALING = 'SCALING',
  DELETING = 'DELETING',
  RECOVERING = 'RECOVERING',
  CEASING = 'CEASING',
}
export enum JobStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
