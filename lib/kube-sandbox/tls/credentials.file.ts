import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSandboxTls, type SandboxTls } from './certificate.authority';

/** What a persisted sandbox keeps between runs so existing kubeconfigs stay valid. */
export interface SandboxCredentials {
  token: string;
  hosts: string[];
  tls: SandboxTls;
}

/**
 * Loads `<path>` when it holds credentials for the same hosts, otherwise generates fresh TLS
 * material (keeping `token` when given) and writes it there with mode 0600.
 */
export function loadOrCreateCredentials(
  path: string,
  hosts: string[],
  token: string | undefined,
  fresh: () => string,
): SandboxCredentials {
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as SandboxCredentials;
    if (saved.tls?.ca?.certPem && saved.hosts?.join(',') === hosts.join(',') && (!token || token === saved.token))
      return saved;
  }
  const created: SandboxCredentials = { token: token ?? fresh(), hosts, tls: generateSandboxTls(hosts) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(created), { mode: 0o600 });
  return created;
}
