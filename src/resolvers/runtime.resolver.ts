import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Runtime } from '../entities/runtime.entity';
import type { RuntimeCredential } from '../entities/runtime-credential.entity';
import { toConnection } from '../schema/connection';
import { Provider } from '../schema/enums';
import { CreateRuntimeCredentialInput, CreateRuntimeInput } from '../schema/runtime.input';
import {
  CredentialValidationNode,
  RuntimeConnection,
  RuntimeCredentialNode,
  RuntimeNode,
  RuntimeResult,
} from '../schema/runtime.type';
import { UserType } from '../schema/user.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';
import { badInput, notFound, unavailable } from '../services/errors';

/** Problems of a zone listing that a person must fix (the rest may pass by themselves). */
const CALLER_PROBLEMS = new Set([
  'BAD_CREDENTIALS',
  'FORBIDDEN',
  'WRONG_REGION',
  'ENDPOINT_REFUSED',
  'NOT_SUPPORTED',
  'TLS',
  'INVALID_KUBECONFIG',
]);

@Resolver(() => RuntimeCredentialNode)
export class RuntimeCredentialResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The access key id with all but its last 4 characters hidden.',
  })
  maskedAccessKeyId(@Root() credential: RuntimeCredential): string | null {
    const id = credential.accessKeyId;
    return id ? `${'*'.repeat(Math.max(4, id.length - 4))}${id.slice(-4)}` : null;
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => [RuntimeCredentialNode], {
    description: "Runtime credentials of the caller's workspaces, newest first.",
  })
  runtimeCredentials(@Ctx() ctx: RequestContext) {
    return ctx.services.runtimeCredentials.list(ctx.em, requireActor(ctx));
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => [String], {
    description:
      "Zones the credential can see, in `region` or the credential's region. Fails with the provider's problem.",
  })
  async runtimeZones(
    @Arg('credentialId', () => ID) credentialId: string,
    @Arg('region', () => String, { nullable: true }) region: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<readonly string[]> {
    const check = await ctx.services.runtimeCredentials.validate(
      ctx.em,
      requireActor(ctx),
      credentialId,
      region ?? undefined,
    );
    if (check.ok) return check.zones;
    throw CALLER_PROBLEMS.has(check.errorCode) ? badInput(check.message) : unavailable(check.message);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => RuntimeCredentialNode, {
    description: 'Stores a credential (secret sealed, never returned). The endpoint must pass the outbound policy.',
  })
  createRuntimeCredential(
    @Arg('input', () => CreateRuntimeCredentialInput) input: CreateRuntimeCredentialInput,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.runtimeCredentials.create(ctx.em, requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => CredentialValidationNode, {
    description: 'Asks the provider: bad credentials, an unreachable endpoint and a wrong region are told apart.',
  })
  validateRuntimeCredential(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.runtimeCredentials.validate(ctx.em, requireActor(ctx), id);
  }
}

@Resolver(() => RuntimeNode)
export class RuntimeResolver {
  @FieldResolver(() => RuntimeCredentialNode)
  async credential(@Root() runtime: Runtime, @Ctx() ctx: RequestContext): Promise<RuntimeCredential> {
    const credential = await ctx.loaders.runtimeCredential.load(runtime.credential.id);
    if (!credential) throw notFound('Runtime credential', runtime.credential.id);
    return credential;
  }

  @FieldResolver(() => UserType)
  owner(@Root() runtime: Runtime, @Ctx() ctx: RequestContext) {
    return ctx.loaders.user.load(runtime.owner.id);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => RuntimeConnection, { description: "Runtimes of the caller's workspaces, newest first." })
  async runtimes(
    @Arg('provider', () => Provider, { nullable: true }) provider: Provider | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Arg('forVersionId', () => ID, {
      nullable: true,
      description: 'Only runtimes this version may deploy to (its type, and edge: "true" for edge-hosted apps).',
    })
    forVersionId: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(
      await ctx.services.runtimes.list(ctx.em, requireActor(ctx), { first, after }, provider, forVersionId),
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => RuntimeNode, { nullable: true })
  runtime(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Runtime> {
    return ctx.services.runtimes.get(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => RuntimeResult, {
    description:
      'Creates a runtime in a zone the credential can see (its region follows); a default VPC/subnet is optional and checked.',
  })
  createRuntime(@Arg('input', () => CreateRuntimeInput) input: CreateRuntimeInput, @Ctx() ctx: RequestContext) {
    return ctx.services.runtimes.create(ctx.em, requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => Boolean, {
    description: 'Deletes a runtime; refused while instances live on it unless force, which ceases them (their jobs).',
  })
  deleteRuntime(
    @Arg('id', () => ID) id: string,
    @Arg('force', () => Boolean, { nullable: true }) force: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    const actor = requireActor(ctx);
    return ctx.services.runtimes.delete(ctx.em, actor, id, force ?? false, ctx.services.instances.ceaserFor(actor));
  }
}
