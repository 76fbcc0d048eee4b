import { checkHost, OutboundBlockedError, type Resolver, type SsrfPolicy } from '../net';
import { createS3Client } from '../storage/s3-client.factory';
import type { RepoCredential, RepoReader } from './repo-backend';
import { toRepoError } from './http-get';
import { HttpRepoBackend } from './http-repo.backend';
import { RepoError } from './repo-errors';
import { S3RepoBackend } from './s3-repo.backend';
import { parseRepoUrl, type RepoType } from './repo-url';

/** What identifies a repository (the fields of CreateRepoInput that matter for access). */
export interface RepoSpec {
  readonly type: RepoType;
  readonly url: string;
  readonly credential?: RepoCredential;
}

export interface RepoAccessOptions {
  /** Outbound policy (from config.allowedHosts); required, never read from the environment here. */
  readonly policy: SsrfPolicy;
  readonly resolver?: Resolver;
}

/**
 * Opens a repository: parses the URL for its type, checks S3 credentials are present and the
 * host is allowed by the SSRF policy (DNS resolved, every address checked), then returns an
 * S3 (read/write) or HTTP (read-only) backend. Throws RepoError.
 */
export async function openRepo(spec: RepoSpec, options: RepoAccessOptions): Promise<HttpRepoBackend | S3RepoBackend> {
  const location = parseRepoUrl(spec.type, spec.url);
  const cred = spec.credential ?? {};
  if (location.kind === 's3') {
    if (!cred.accessKeyId) throw new RepoError('MISSING_ACCESS_KEY_ID', 'an S3 repository needs an access key id');
    if (!cred.secretAccessKey)
      throw new RepoError('MISSING_SECRET_ACCESS_KEY', 'an S3 repository needs a secret access key');
  }
  try {
    await checkHost(location.host, options.policy, options.resolver);
  } catch (err) {
    if (err instanceof OutboundBlockedError) throw toRepoError(err, spec.url);
    throw err;
  }
  if (location.kind === 'http') return new HttpRepoBackend(location, options.policy, cred, options.resolver);
  const client = createS3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    accessKeyId: cred.accessKeyId!,
    secretAccessKey: cred.secretAccessKey!,
    ssrfPolicy: options.policy,
  });
  return new S3RepoBackend(location, client, options.policy.readDeadlineMs);
}

export type { RepoReader };
