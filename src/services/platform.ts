import type { Logger } from 'pino';
import type { MarinaConfig } from '../config';
import type { SecretBox } from './secrets/secret-box';
import type { TokenIssuer } from './auth/tokens';

/** Process-wide collaborators shared by services (no per-request state). */
export interface Platform {
  readonly config: MarinaConfig;
  readonly tokens: TokenIssuer;
  readonly secrets: SecretBox;
  readonly log: Logger;
}
