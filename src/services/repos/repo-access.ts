import type { EntityManager } from '@mikro-orm/postgresql';
import type { Repo } from '../../entities/repo.entity';
import type { RepoCredential, RepoReader } from '../../repos/repo-backend';
import { repoCredentialEnvelope } from '../../data/repos/repo.queries';
import { openRepo } from '../../repos/repo-open';
import type { Platform } from '../platform';

/** The additional authenticated data binding a repo's credential envelope to its row. */
export const credentialAad = (repoId: string) => `repo:${repoId}`;

/** Seals a credential for storage in `repos.credential_ciphertext` (undefined when there is none). */
export function sealCredential(
  platform: Platform,
  repoId: string,
  credential: RepoCredential | undefined,
): string | undefined {
  return credential ? platform.secrets.seal(JSON.stringify(credential), credentialAad(repoId)) : undefined;
}

/** Loads and opens the stored credential of a repo (the column is lazy and hidden; it never reaches GraphQL). */
export async function loadCredential(
  em: EntityManager,
  platform: Platform,
  repoId: string,
): Promise<RepoCredential | undefined> {
  const envelope = await repoCredentialEnvelope(em, repoId);
  return envelope ? (JSON.parse(platform.secrets.open(envelope, credentialAad(repoId))) as RepoCredential) : undefined;
}

/** Opens a stored repo for reading/writing with its credential, under the platform's SSRF policy. Throws RepoError. */
export async function openStoredRepo(em: EntityManager, platform: Platform, repo: Repo): Promise<RepoReader> {
  const credential = await loadCredential(em, platform, repo.id);
  return openRepo({ type: repo.type, url: repo.url, credential }, { policy: platform.outbound });
}
