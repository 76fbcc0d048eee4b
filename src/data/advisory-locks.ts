/**
 * PostgreSQL advisory lock keys, one per step that concurrent processes or requests must run one
 * at a time. Every key is listed here so that no two steps share one by accident.
 */
export const AdvisoryLock = {
  /** Schema migrations at start-up (session-scoped lock). */
  MIGRATIONS: 4242001,
  /** Creating the built-in roles and categories at start-up. */
  BUILTINS: 4242002,
  /** Creating the first admin user at start-up. */
  FIRST_ADMIN: 4242003,
  /** Checking that a role change leaves at least one enabled ADMIN. */
  LAST_ADMIN: 4242004,
  /** Owning the embedded demo Kubernetes sandbox (session-scoped, held while it runs). */
  DEMO_KUBE: 4242005,
} as const;
