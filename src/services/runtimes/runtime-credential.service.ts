import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RuntimeCredential } from '../../entities/runtime-credential.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import { checkKubeconfig } from '../../drivers/kubernetes/kubeconfig';
import { checkUrl, OutboundBlockedError } from '../../net';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { badInput, DomainError, notFound } from '../errors';
import { isUuid } from '../ids';
import type { Platform } from '../platform';
import { tenancy } from '../tenancy';
import type { CredentialCheck } from './credential-check';
import {
  openCredential,
  sealCredentialSecret,
  type CredentialSecret,
  type OpenedCredential,
} from './credential-secret';
import type { CredentialValidators } from './credential-validators';
import { isTrustedCredential } from './demo-runtime-identity';
import { checkCredentialInput, isCloud, type RuntimeCredentialInput } from './runtime-input';

/**
 * Runtime credentials: cloud access keys or a kubeconfig, sealed at rest (aad
 * `runtime_credential:<id>`) and never returned; endpoints and kubeconfig servers obey the outbound
 * (SSRF) policy; creating one never contacts the provider; checks go to the provider's validator
 * (in the API process, with the secret opened for that one check).
 */
export class RuntimeCredentialService {
  constructor(
    private readonly platform: Platform,
    private readonly validators: CredentialValidators,
  ) {}

  /** Stores a credential after format and endpoint checks. Throws BAD_USER_INPUT (invalid, refused endpoint, name taken). */
  async create(em: EntityManager, actor: Actor, input: RuntimeCredentialInput): Promise<RuntimeCredential> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const workspaceId = tenancy.homeWorkspaceId(actor);
    const problems = checkCredentialInput(input);
    if (problems.length > 0)
      throw badInput(`Invalid runtime credential: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    const endpoint = isCloud(input.provider) ? input.endpoint?.trim() || undefined : kubeServer(input.kubeconfig!);
    if (endpoint)
      await this.assertEndpointAllowed(endpoint, isCloud(input.provider) ? 'endpoint' : 'kubeconfig server');
    const name = input.name.trim();
    const taken = () =>
      new DomainError('CONFLICT', `A runtime credential named "${name}" already exists in this workspace`);
    if (await em.count(RuntimeCredential, { workspace: workspaceId, name })) throw taken();
    const secret: CredentialSecret = isCloud(input.provider)
      ? { secretAccessKey: input.secretAccessKey! }
      : { kubeconfig: input.kubeconfig! };
    const id = randomUUID();
    const credential = em.create(RuntimeCredential, {
      id,
      name,
      provider: input.provider,
      endpoint,
      region: input.region?.trim() || undefined,
      accessKeyId: isCloud(input.provider) ? input.accessKeyId!.trim() : undefined,
      secretCiphertext: sealCredentialSecret(this.platform.secrets, id, secret),
      owner: em.getReference(User, actor.userId),
      workspace: em.getReference(Workspace, workspaceId),
    });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw taken();
      throw err;
    }
    return credential;
  }

  /** Asks the provider what the credential can see; failures are values (bad keys, unreachable, wrong region…). */
  async validate(em: EntityManager, actor: Actor, id: string, region?: string): Promise<CredentialCheck> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    const opened = await this.open(em, actor, id);
    return this.validators[opened.provider].validate(opened, region);
  }

  /** Credentials of the caller's workspaces, newest first. */
  async list(em: EntityManager, actor: Actor): Promise<RuntimeCredential[]> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    return em.find(RuntimeCredential, tenancy.readFilter<RuntimeCredential>(actor), {
      orderBy: { createdAt: 'desc', id: 'desc' },
    });
  }

  /** A credential the caller may use (write access to its workspace); NOT_FOUND/FORBIDDEN otherwise. */
  async usable(em: EntityManager, actor: Actor, id: string): Promise<RuntimeCredential> {
    if (!isUuid(id)) throw notFound('RuntimeCredential', id);
    return tenancy.assertWritable(actor, await em.findOne(RuntimeCredential, { id }), 'RuntimeCredential', id);
  }

  /** The credential with its secret opened, for a check made on the caller's behalf. */
  async open(em: EntityManager, actor: Actor, id: string): Promise<OpenedCredential> {
    const credential = await this.usable(em, actor, id);
    await em.populate(credential, ['secretCiphertext']);
    return openCredential(this.platform.secrets, credential, await isTrustedCredential(em, credential.id));
  }

  private async assertEndpointAllowed(endpoint: string, what: string): Promise<void> {
    try {
      await checkUrl(endpoint, this.platform.outbound);
    } catch (err) {
      if (err instanceof OutboundBlockedError)
        throw badInput(`Invalid runtime credential: ${what} refused: ${err.message}`);
      throw err;
    }
  }
}

/** The API server URL of a kubeconfig that obeys Marina's kubeconfig rules; BAD_USER_INPUT otherwise. */
function kubeServer(kubeconfig: string): string {
  const summary = checkKubeconfig(kubeconfig);
  if (!summary.ok) throw badInput(`Invalid runtime credential: ${summary.message}`);
  return summary.server;
}
