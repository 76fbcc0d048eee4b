import { randomBytes } from 'node:crypto';
import { parseRepoIndex } from './index/repo-index.parse';
import { IndexError, type IndexFormat } from './index/repo-index.types';
import { RepoError, type RepoErrorCode } from './repo-errors';
import { openRepo, type RepoAccessOptions, type RepoSpec } from './repo-open';
import { S3RepoBackend } from './s3-repo.backend';

import { INDEX_FILE } from './repo-backend';

export { INDEX_FILE };
/** Result of `validateRepo`, shaped like the API's RepoValidation. */
export type RepoValidation =
  | { readonly ok: true; readonly format: IndexFormat | null; readonly packages: number }
  | { readonly ok: false; readonly errorCode: RepoErrorCode; readonly message: string };

export interface RepoValidationInput extends RepoSpec {
  /** KUBERNETES repos hold Helm charts; QINGCLOUD/AWS/ALIYUN repos hold VM packages. */
  readonly providers?: readonly string[];
}

/**
 * Checks a repository before it is saved: URL and type, credentials present, host allowed,
 * reachable, readable, index.yaml well-formed and of the providers' kind; for S3 also writable
 * (a probe object is written and deleted). An HTTP repository must serve index.yaml; an empty
 * S3 repository without one is accepted. Never throws for bad input: the first problem found
 * comes back as an errorCode.
 */
export async function validateRepo(input: RepoValidationInput, options: RepoAccessOptions): Promise<RepoValidation> {
  try {
    const repo = await openRepo(input, options);
    const raw = await repo.read(INDEX_FILE);
    if (raw === null && repo.location.kind === 'http')
      throw new RepoError('INDEX_NOT_FOUND', `${repo.location.base}${INDEX_FILE} was not found`);
    const index = raw === null ? null : parseRepoIndex(raw);
    const expected: IndexFormat | null = input.providers?.length
      ? input.providers.includes('KUBERNETES')
        ? 'helm'
        : 'vm'
      : null;
    if (index && expected && index.format !== expected) {
      throw new RepoError(
        'INDEX_TYPE_MISMATCH',
        `the index is a ${index.format === 'vm' ? 'VM package' : 'Helm chart'} index, but the providers need a ${expected === 'vm' ? 'VM package' : 'Helm chart'} repository`,
      );
    }
    if (repo instanceof S3RepoBackend) {
      const probe = `.marina-write-check-${randomBytes(8).toString('hex')}`;
      await repo.write(probe, Buffer.from('marina write check\n'), { contentType: 'text/plain' });
      await repo.remove(probe);
    }
    const packages = index ? [...index.entries.values()].reduce((n, v) => n + v.length, 0) : 0;
    return { ok: true, format: index?.format ?? null, packages };
  } catch (err) {
    if (err instanceof RepoError) return { ok: false, errorCode: err.code, message: err.message };
    if (err instanceof IndexError) return { ok: false, errorCode: 'BAD_INDEX_YAML', message: err.message };
    throw err;
  }
}
