import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { InstanceStatus, type Provider } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { Runtime } from '../../entities/runtime.entity';
import { User } from '../../entities/user.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { DomainError, NameTakenFailure, notFound, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import { paginate, type Page, type PageArgs } from '../pagination';
import { runtimesFilterForVersion } from '../app-keys/deployment-mode';
import { tenancy } from '../tenancy';
import type { CredentialValidators } from './credential-validators';
import type { RuntimeCredentialService } from './runtime-credential.service';
import { checkRuntimeInput, isCloud, type RuntimeInput } from './runtime-input';

const LIVE = { status: { $ne: 'deleted' } };
/** Instances in these states no longer hold their runtime. */
const GONE: readonly InstanceStatus[] = [InstanceStatus.DELETED, InstanceStatus.CEASED];

/**
 * Runtimes: where instances deploy — a cloud zone (its region follows, with an optional default
 * VPC/subnet) or a Kubernetes namespace (default "default"; created and labelled as Marina's when
 * missing), reached through a credential.
 */
export class RuntimeService {
  constructor(
    private readonly credentials: RuntimeCredentialService,
    private readonly validators: CredentialValidators,
  ) {}

  /** Checks the input, then the zone (and network) with the provider; stores the runtime in the credential's workspace. */
  async create(
    em: EntityManager,
    actor: Actor,
    input: RuntimeInput,
  ): Promise<Runtime | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const credential = await this.credentials.usable(em, actor, input.credentialId);
    const problems = checkRuntimeInput(input, credential.provider);
    if (problems.length > 0)
      return new ValidationFailure(`Invalid runtime: ${problems[0].path} ${problems[0].message}`, problems);
    const name = input.name.trim();
    const taken = () => new NameTakenFailure(`A runtime named "${name}" already exists in this workspace`);
    if (await em.count(Runtime, { workspace: credential.workspace.id, name, ...LIVE })) return taken();
    const namespace = isCloud(input.provider) ? undefined : (input.namespace ?? 'default');
    const placement = {
      zone: input.zone ?? '',
      namespace,
      vpcId: input.vpcId ?? undefined,
      subnetId: input.subnetId ?? undefined,
    };
    const opened = await this.credentials.open(em, actor, credential.id);
    const located = await this.validators[credential.provider].locate(opened, placement);
    if (!located.ok)
      return new ValidationFailure(
        located.message,
        [{ path: located.path, message: located.message }],
        located.errorCode,
      );
    const runtime = em.create(Runtime, {
      id: randomUUID(),
      name,
      description: input.description?.trim() || undefined,
      provider: input.provider,
      credential,
      zone: isCloud(input.provider) ? placement.zone : undefined,
      region: located.region,
      vpcId: placement.vpcId,
      subnetId: placement.subnetId,
      namespace,
      ...(input.environment ? { environment: input.environment } : {}),
      labels: (input.labels as Record<string, string> | null) ?? undefined,
      owner: em.getReference(User, actor.userId),
      workspace: credential.workspace,
    });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return taken();
      throw err;
    }
    return runtime;
  }

  /**
   * Deletes a runtime. While instances still live on it (not DELETED or CEASED), refused
   * (CONFLICT) unless `force`, which ceases each of them through `ceaseLive` (their cease jobs) in
   * the same transaction. A runtime that instance rows still point at is marked deleted (freeing
   * its name; the cease jobs still reach its cluster), otherwise removed.
   */
  async delete(
    em: EntityManager,
    actor: Actor,
    id: string,
    force = false,
    ceaseLive?: (tx: EntityManager, runtime: Runtime) => Promise<void>,
  ): Promise<boolean> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    return em.transactional(async (tx) => {
      const runtime = tenancy.assertWritable(actor, await this.find(tx, id), 'Runtime', id);
      const live = await tx.count(Instance, { runtime: runtime.id, status: { $nin: [...GONE] } });
      if (live > 0 && (!force || !ceaseLive)) {
        throw new DomainError(
          'CONFLICT',
          `Runtime "${runtime.name}" still has ${live} live instance(s); delete them first or pass force: true`,
        );
      }
      if (live > 0) await ceaseLive!(tx, runtime);
      if ((await tx.count(Instance, { runtime: runtime.id })) > 0) runtime.status = 'deleted';
      else tx.remove(runtime);
      await tx.flush();
      return true;
    });
  }

  /** Runtimes of the caller's workspaces, newest first, optionally of one provider. */
  async list(
    em: EntityManager,
    actor: Actor,
    page: PageArgs,
    provider?: Provider | null,
    forVersionId?: string | null,
  ): Promise<Page<Runtime>> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const fit = forVersionId ? await runtimesFilterForVersion(em, actor, forVersionId) : {};
    const where = {
      $and: [tenancy.readFilter<Runtime>(actor), LIVE, provider ? { provider } : {}, fit],
    } as FilterQuery<Runtime>;
    return paginate(em, Runtime, where, page);
  }

  /** A live runtime the caller may read; NOT_FOUND otherwise. */
  async get(em: EntityManager, actor: Actor, id: string): Promise<Runtime> {
    return tenancy.assertReadable(actor, await this.find(em, id), 'Runtime', id);
  }

  private async find(em: EntityManager, id: string): Promise<Runtime | null> {
    if (!isUuid(id)) throw notFound('Runtime', id);
    return em.findOne(Runtime, { id, ...LIVE });
  }
}
