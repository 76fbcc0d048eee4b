/**
 * The permission catalogue. Every authorization decision is a check of one of these strings;
 * built-in roles are seeded permission sets (BUILTIN_ROLES) and admins compose custom roles
 * from the same catalogue.
 */
export const PERMISSIONS = {
  STORE_VIEW: 'store:view',
  APP_DEVELOP: 'app:develop', // repos, apps, versions, submit/cancel/release own versions
  REVIEW_ISV: 'review:isv',
  REVIEW_BUSINESS: 'review:business',
  REVIEW_TECHNICAL: 'review:technical',
  REVIEW_APP: 'review:app', // the single-stage (KubeSphere) review
  REVIEW_ADMIN: 'review:admin', // pass/reject at any stage
  APP_MANAGE: 'app:manage', // suspend/recover any app, manage the store
  CATEGORY_MANAGE: 'category:manage',
  RUNTIME_USE: 'runtime:use', // own credentials, runtimes and instances
  INSTANCE_ADMIN: 'instance:admin', // reset stuck transitions, see every instance
  USER_MANAGE: 'user:manage',
  ROLE_MANAGE: 'role:manage',
  VENDOR_APPLY: 'vendor:apply',
  VENDOR_REVIEW: 'vendor:review',
  VENDOR_MANAGE_DEVELOPERS: 'vendor:developers', // an ISV creates developer accounts in its workspace
  PUBLIC_REPO_MANAGE: 'repo:public', // create repos visible to every workspace
  QUEUE_DASHBOARD: 'ops:queues',
  SETTINGS_MANAGE: 'settings:manage',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
export const ALL_PERMISSIONS: readonly Permission[] = Object.freeze(Object.values(PERMISSIONS));

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

/** Built-in role names (the GraphQL `Role` enum). */
export enum BuiltinRole {
  ADMIN = 'ADMIN',
  ISV = 'ISV',
  DEVELOPER = 'DEVELOPER',
  BUSINESS_REVIEWER = 'BUSINESS_REVIEWER',
  TECHNICAL_REVIEWER = 'TECHNICAL_REVIEWER',
  USER = 'USER',
}

const P = PERMISSIONS;
const userBase: Permission[] = [P.STORE_VIEW, P.RUNTIME_USE, P.VENDOR_APPLY];
const developer: Permission[] = [...userBase, P.APP_DEVELOP];

export const BUILTIN_ROLES: Readonly<Record<BuiltinRole, readonly Permission[]>> = Object.freeze({
  [BuiltinRole.ADMIN]: ALL_PERMISSIONS,
  [BuiltinRole.ISV]: [...developer, P.REVIEW_ISV, P.VENDOR_MANAGE_DEVELOPERS],
  [BuiltinRole.DEVELOPER]: developer,
  [BuiltinRole.BUSINESS_REVIEWER]: [...userBase, P.REVIEW_BUSINESS],
  [BuiltinRole.TECHNICAL_REVIEWER]: [...userBase, P.REVIEW_TECHNICAL],
  [BuiltinRole.USER]: userBase,
});

/**
 * Roles of system users (not assignable through the Role enum): SYNC is the actor of the versions
 * repo sync adds and removes. They hold no permission.
 */
export const SYSTEM_ROLES = Object.freeze({ SYNC: [] as readonly Permission[] });

export function isBuiltinRole(name: string): name is BuiltinRole {
  return Object.prototype.hasOwnProperty.call(BUILTIN_ROLES, name);
}
