import { createHash } from 'node:crypto';
import { DEFAULT_ARCHIVE_LIMITS } from '@marina/go-runtime';
import type { IndexEntry } from './index/repo-index.types';
import type { RepoReader } from './repo-backend';
import { RepoError } from './repo-errors';
import { HttpRepoBackend } from './http-repo.backend';
import { httpGet } from './http-get';
import type { Resolver, SsrfPolicy } from '../net';

export interface FetchPackageOptions {
  /** Policy for absolute URLs outside the repository (index entries may point anywhere). */
  readonly policy: SsrfPolicy;
  readonly resolver?: Resolver;
  readonly maxBytes?: number;
}

/**
 * Downloads the archive of an index entry when it is needed (deploy, review), never at sync:
 * relative URLs are read through the repository (with its credentials), absolute ones over
 * HTTP(S) under the SSRF policy. The bytes are checked against the entry's digest.
 * Throws RepoError PACKAGE_NOT_FOUND, DIGEST_MISMATCH, PACKAGE_TOO_LARGE, ACCESS_DENIED, UNREACHABLE.
 */
export async function fetchPackage(repo: RepoReader, entry: IndexEntry, options: FetchPackageOptions): Promise<Buffer> {
  const url = entry.urls[0];
  if (!url) throw new RepoError('PACKAGE_NOT_FOUND', `${entry.name} ${entry.version} has no URL in the index`);
  const maxBytes = options.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxArchiveBytes;
  const target = repo.resolve(url);
  let bytes: Buffer | null;
  if ('relative' in target) bytes = await repo.read(target.relative, maxBytes);
  else if (repo instanceof HttpRepoBackend && sameOrigin(target.absolute, repo.location.base))
    bytes = await repo.fetch(target.absolute, maxBytes);
  else bytes = await fetchForeign(target.absolute, options, maxBytes);
  if (bytes === null) throw new RepoError('PACKAGE_NOT_FOUND', `${url} was not found`);
  if (bytes.length > maxBytes) throw new RepoError('PACKAGE_TOO_LARGE', `${url} is larger than ${maxBytes} bytes`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (entry.digest && entry.digest !== digest) {
    throw new RepoError('DIGEST_MISMATCH', `${url} has digest ${digest}, the index says ${entry.digest}`);
  }
  return bytes;
}

function sameOrigin(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}

/** A URL on another host: fetched without the repository's credentials. */
async function fetchForeign(url: string, options: FetchPackageOptions, maxBytes: number): Promise<Buffer | null> {
  const res = await httpGet(url, { policy: options.policy, resolver: options.resolver, maxBytes });
  if (res.status === 404 || res.status === 410) return null;
  if (res.status === 401 || res.status === 403) throw new RepoError('ACCESS_DENIED', `${url} answered ${res.status}`);
  if (res.status < 200 || res.status > 299) throw new RepoError('UNREACHABLE', `${url} answered HTTP ${res.status}`);
  return res.body;
}
