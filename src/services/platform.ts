import type { Logger } from 'pino';
import type { MarinaConfig } from '../config';
import type { EventHub } from '../events/event-hub';
import type { JobHooks } from '../jobs/job-hooks';
import type { SsrfPolicy } from '../net/ssrf-policy';
import type { BlobStore } from '../storage/blob-store';
import type { SecretBox } from './secrets/secret-box';
import type { TokenIssuer } from './auth/tokens';
import type { LoginThrottle } from './auth/throttle/login-throttle';

/** Process-wide collaborators shared by services (no per-request state). */
export interface Platform {
  readonly config: MarinaConfig;
  readonly tokens: TokenIssuer;
  readonly secrets: SecretBox;
  readonly log: Logger;
  /** Package archives and attachments (content-addressed). */
  readonly blobs: BlobStore;
  /** Publishes committed changes (jobs, instance events) and serves the live streams. */
  readonly events: EventHub;
  /**
   * Job-finished hooks, one registry per process: features register at start-up; the job engine
   * (workers, reaper) and cancel/retry in the API run them in the transaction that finishes a job.
   */
  readonly jobHooks: JobHooks;
  /** Outbound-address policy for user-supplied URLs (repos, endpoints), from MARINA_ALLOWED_HOSTS. */
  readonly outbound: SsrfPolicy;
  /** Failed-credential throttling shared by every API replica. */
  readonly throttle: LoginThrottle;
}
