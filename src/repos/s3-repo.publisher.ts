import { createHash } from 'node:crypto';
import { loadPackageArchive, type LoadedPackage, type PackageLoadOptions } from '../packages/package-loader';
import type { PackageIssue } from '../packages/package-error';
import { packageFileName } from '../packages/package-naming';
import { entryForPackage, indexFormatOf } from './index/package-entry';
import type { IndexFormat } from './index/repo-index.types';
import type { RepoWriter } from './repo-backend';
import { RepoError } from './repo-errors';
import { entryRecordPath, listEntryRecords, rebuildIndex } from './s3-repo-index.rebuild';

/** A package refused by the loader; nothing was written. */
export class InvalidPackageError extends RepoError {
  constructor(readonly issues: readonly PackageIssue[]) {
    super('INVALID_PACKAGE', `the package is invalid: ${issues[0]?.message ?? 'unknown problem'}`);
  }
}

export interface PublishOptions {
  /** The repository's index format (Helm for KUBERNETES repos, VM otherwise). */
  readonly format: IndexFormat;
  readonly load?: PackageLoadOptions;
  readonly now?: () => Date;
}

export interface PublishResult {
  readonly name: string;
  readonly version: string;
  readonly digest: string;
  readonly file: string;
  /** False when the identical archive was already published (idempotent retry). */
  readonly created: boolean;
  readonly indexEntries: number;
}

/** What publishing an archive will do, found without writing (see checkPublishable). */
export interface PublishCheck {
  readonly pkg: LoadedPackage;
  readonly digest: string;
  readonly file: string;
  /** The version's entry record with this digest exists: only the index may need regenerating. */
  readonly recorded: boolean;
  /** `<name>-<version>.tgz` already holds these exact bytes (an earlier attempt died before recording them). */
  readonly stored: boolean;
}

/**
 * Checks, without writing anything, whether `archive` can be published to the repository:
 * it must load, be of the repository's format, and its version must be absent or hold the same
 * bytes. Throws InvalidPackageError, or RepoError PACKAGE_TYPE_MISMATCH / VERSION_EXISTS (or the
 * backend's errors when the repository cannot be read).
 */
export async function checkPublishable(
  repo: RepoWriter,
  archive: Buffer,
  options: PublishOptions,
): Promise<PublishCheck> {
  const result = loadPackageArchive(archive, options.load);
  if (!result.ok) throw new InvalidPackageError(result.issues);
  const pkg = result.pkg;
  if (indexFormatOf(pkg) !== options.format) {
    throw new RepoError(
      'PACKAGE_TYPE_MISMATCH',
      `a ${pkg.format} package cannot go into a ${options.format === 'vm' ? 'VM package' : 'Helm chart'} repository`,
    );
  }
  const digest = createHash('sha256').update(archive).digest('hex');
  const file = packageFileName(pkg.name, pkg.version);
  const existing = (await listEntryRecords(repo)).find((r) => r.name === pkg.name && r.version === pkg.version);
  if (existing && existing.digest !== digest)
    throw new RepoError('VERSION_EXISTS', `${pkg.name} ${pkg.version} is already published with different content`);
  if (existing) return { pkg, digest, file, recorded: true, stored: true };
  const stored = (await repo.head(file)) ? await repo.read(file) : null;
  if (stored && !stored.equals(archive))
    throw new RepoError('VERSION_EXISTS', `${file} already exists in the repository`);
  return { pkg, digest, file, recorded: false, stored: stored !== null };
}

/**
 * Publishes a package archive to an S3 repository: checks it (checkPublishable: a bad or
 * conflicting package writes nothing), stores `<name>-<version>.tgz`, records its index entry
 * and regenerates index.yaml without losing concurrent publishers' versions. Idempotent:
 * re-publishing identical bytes only regenerates the index; different bytes for an existing
 * version fail with VERSION_EXISTS.
 */
export async function publishPackage(
  repo: RepoWriter,
  archive: Buffer,
  options: PublishOptions,
): Promise<PublishResult> {
  const check = await checkPublishable(repo, archive, options);
  const { pkg, digest, file } = check;
  if (!check.recorded) {
    if (!check.stored) await repo.write(file, archive, { contentType: 'application/gzip', ifNoneMatch: true });
    const entry = entryForPackage(pkg, digest, file, undefined, options.now?.());
    await repo.write(entryRecordPath(pkg.name, pkg.version, digest), Buffer.from(JSON.stringify(entry)), {
      contentType: 'application/json',
    });
  }
  const indexEntries = await rebuildIndex(repo, options.format, options.now);
  return { name: pkg.name, version: pkg.version, digest, file, created: !check.recorded, indexEntries };
}

/** Removes a published version (archive and record) and regenerates index.yaml. Resolves false when it was not published. */
export async function unpublishPackage(
  repo: RepoWriter,
  name: string,
  version: string,
  format: IndexFormat,
): Promise<boolean> {
  const records = (await listEntryRecords(repo)).filter((r) => r.name === name && r.version === version);
  if (records.length === 0 && !(await repo.head(packageFileName(name, version)))) return false;
  for (const r of records) await repo.remove(r.path);
  await repo.remove(packageFileName(name, version));
  await rebuildIndex(repo, format);
  return true;
}
