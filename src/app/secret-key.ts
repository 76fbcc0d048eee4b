import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarinaConfig } from '../config';
import { SecretBox } from '../services/secrets/secret-box';

/**
 * The key for secrets at rest: MARINA_SECRET_KEY, or (embedded profile only) a key generated once
 * into `<dataDir>/secret.key` (mode 0600). Production without a key is a configuration error.
 */
export function resolveSecretKey(config: MarinaConfig): string {
  if (config.secretKey) {
    SecretBox.fromString(config.secretKey); // validates the length now, not at first use
    return config.secretKey;
  }
  if (config.profile === 'production')
    throw new Error('MARINA_SECRET_KEY is required in the production profile (64 hex characters)');
  const file = join(config.dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const key = SecretBox.generateKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
