import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { Visibility } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { RepoEvent } from '../../entities/repo-event.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import type { RepoErrorCode } from '../../repos/repo-errors';
import { validateRepo } from '../../repos/repo-validate';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { NameTakenFailure, notFound, ValidationFailure } from '../errors';
import { paginate, type Page, type PageArgs } from '../pagination';
import type { Platform } from '../platform';
import { isUuid } from '../ids';
import { tenancy } from '../tenancy';
import { sealCredential } from './repo-access';
import { checkRepoInput, credentialFor, type RepoInput } from './repo-input';
import { requestSync } from './repo-sync.enqueue';
import { markRepoDeleted } from '../../data/repos/repo.queries';

/** Result of validateRepo: ok, or the first problem with its code. */
export type RepoCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly errorCode: RepoErrorCode | 'INVALID_INPUT'; readonly message: string };

/** Which input field a repository error code concerns (for ValidationError details). */
const ERROR_PATH: Partial<Record<RepoErrorCode, string>> = {
  MISSING_ACCESS_KEY_ID: 'credential.accessKeyId',
  MISSING_SECRET_ACCESS_KEY: 'credential.secretAccessKey',
  ACCESS_DENIED: 'credential',
  WRITE_DENIED: 'credential',
  TYPE_MISMATCH: 'type',
  INDEX_TYPE_MISMATCH: 'providers',
};

const LIVE = { status: { $ne: 'deleted' } };

/** Repositories: validation, creation with sealed credentials, deletion, manual sync, listing. */
export class RepoService {
  constructor(private readonly platform: Platform) {}

  /** Input checks, then URL/type, credentials, SSRF policy, reachability, read (and S3 write) access, index.yaml. Changes nothing. */
  async validate(actor: Actor, input: RepoInput): Promise<RepoCheck> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const problems = checkRepoInput(input);
    if (problems.length > 0)
      return { ok: false, errorCode: 'INVALID_INPUT', message: `${problems[0].path}: ${problems[0].message}` };
    return this.reach(input);
  }

  /** The repository itself, for an input that passed checkRepoInput: reachable, readable (S3: writable), with a usable index. */
  private async reach(input: RepoInput): Promise<RepoCheck> {
    const result = await validateRepo(
      {
        type: input.type,
        url: input.url.trim(),
        credential: credentialFor(input.type, input.credential),
        providers: input.providers,
      },
      { policy: this.platform.outbound },
    );
    return result.ok ? { ok: true } : { ok: false, errorCode: result.errorCode, message: result.message };
  }

  /** Validates, stores the repo with its credential sealed (aad `repo:<id>`), and requests its first sync. */
  async create(
    em: EntityManager,
    actor: Actor,
    input: RepoInput,
  ): Promise<Repo | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const visibility = input.visibility ?? Visibility.PRIVATE;
    if (visibility === Visibility.PUBLIC) actor.require(PERMISSIONS.PUBLIC_REPO_MANAGE);
    const workspaceId = tenancy.homeWorkspaceId(actor);
    const problems = checkRepoInput(input);
    if (problems.length > 0)
      return new ValidationFailure(`Invalid repo: ${problems[0].path}: ${problems[0].message}`, problems);
    const name = input.name.trim();
    const taken = () => new NameTakenFailure(`A repo named "${name}" already exists in this workspace`);
    if (await em.count(Repo, { workspace: workspaceId, name, ...LIVE })) return taken();
    const check = await this.reach(input);
    if (!check.ok)
      return new ValidationFailure(
        check.message,
        [{ path: ERROR_PATH[check.errorCode as RepoErrorCode] ?? 'url', message: check.message }],
        check.errorCode,
      );
    try {
      return await em.transactional(async (tx) => {
        const id = randomUUID();
        const period = input.syncPeriodSeconds ?? 0;
        const repo = tx.create(Repo, {
          id,
          name,
          description: input.description?.trim() || undefined,
          type: input.type,
          url: input.url.trim(),
          providers: [...input.providers],
          visibility,
          syncPeriodSeconds: period,
          appDefaultStatus: input.appDefaultStatus ?? undefined,
          credentialCiphertext: sealCredential(this.platform, id, credentialFor(input.type, input.credential)),
          nextSyncAt: period > 0 ? new Date(Date.now() + period * 1000) : undefined,
          owner: tx.getReference(User, actor.userId),
          workspace: tx.getReference(Workspace, workspaceId),
        });
        await tx.flush();
        await requestSync(tx, this.platform.events, { repoId: id, workspaceId, ownerId: actor.userId });
        return repo;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return taken();
      throw err;
    }
  }

  /** Marks the repo deleted, its apps and versions DELETED, and fails its active sync. Throws NOT_FOUND/FORBIDDEN. */
  async delete(em: EntityManager, actor: Actor, id: string): Promise<boolean> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const repo = tenancy.assertWritable(actor, await this.find(em, id), 'Repo', id);
    await em.transactional((tx) => markRepoDeleted(tx, repo.id));
    return true;
  }

  /** "Sync now": the repo's active sync event, or a new PENDING one with its job. */
  async sync(em: EntityManager, actor: Actor, id: string): Promise<RepoEvent> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    const repo = tenancy.assertWritable(actor, await this.find(em, id), 'Repo', id);
    return (
      await requestSync(em, this.platform.events, {
        repoId: repo.id,
        workspaceId: repo.workspace.id,
        ownerId: actor.userId,
      })
    ).event;
  }

  /** Live repos of the caller's workspaces plus PUBLIC repos, newest first. */
  async list(em: EntityManager, actor: Actor, page: PageArgs): Promise<Page<Repo>> {
    const where = { $and: [tenancy.readFilter<Repo>(actor, { publicVisible: true }), LIVE] } as FilterQuery<Repo>;
    return paginate(em, Repo, where, page);
  }

  /** A live repo the caller may read; NOT_FOUND otherwise. */
  async get(em: EntityManager, actor: Actor, id: string): Promise<Repo> {
    return tenancy.assertReadable(actor, await this.find(em, id), 'Repo', id);
  }

  /** Sync events of a repo the caller has already been allowed to read, newest first. */
  async events(em: EntityManager, repo: Repo, page: PageArgs): Promise<Page<RepoEvent>> {
    return paginate(em, RepoEvent, { repo: repo.id }, page);
  }

  private async find(em: EntityManager, id: string): Promise<Repo | null> {
    if (!isUuid(id)) throw notFound('Repo', id);
    return em.findOne(Repo, { id, ...LIVE });
  }
}
