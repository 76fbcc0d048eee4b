/** Composed apps (PRODUCT.md C4, H9): the definition of a version, its edits while DRAFT, deploy from image. */
import { instanceJobAnswer } from './instance.resolver';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { VersionRow } from '../data/catalog/store-rows';
import type { AppVersion } from '../entities/app-version.entity';
import { AppVersionNode, AppVersionResult } from '../schema/app.type';
import { DeployFromImageInput } from '../schema/composed.input';
import { InstanceJobResult } from '../schema/instance.type';
import { JSONScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';
import { compositionOf } from '../services/composed/composed-version';
import type { CompositionEdit } from '../packages/composed/composed-edits';
import { isFailure } from '../services/errors';

const EDITABLE = 'DRAFT (a REJECTED version returns to DRAFT); the package is rewritten and validated as a whole.';

@Resolver(() => AppVersionNode)
export class ComposedResolver {
  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: 'app.json of a COMPOSED version: { nodes, edges } (null for other types).',
  })
  async composition(@Root() version: AppVersion | VersionRow, @Ctx() ctx: RequestContext) {
    return compositionOf(await ctx.services.apps.managedVersion(ctx.em, version));
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, { description: `Adds a node (an app.json node object). ${EDITABLE}` })
  addComposedNode(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('node', () => JSONScalar) node: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return this.edit(ctx, versionId, { op: 'addNode', node });
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, {
    description: `Replaces the node named \`name\` (another name in \`node\` renames it; edges follow). ${EDITABLE}`,
  })
  updateComposedNode(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('name', () => String) name: string,
    @Arg('node', () => JSONScalar) node: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return this.edit(ctx, versionId, { op: 'updateNode', name, node });
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, { description: `Removes a node and its edges. ${EDITABLE}` })
  removeComposedNode(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.edit(ctx, versionId, { op: 'removeNode', name });
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, {
    description: `Adds a deployment-order edge: \`to\` deploys before \`from\`. A cycle is refused naming it. ${EDITABLE}`,
  })
  addComposedEdge(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.edit(ctx, versionId, { op: 'addEdge', from, to });
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, { description: `Removes a deployment-order edge. ${EDITABLE}` })
  removeComposedEdge(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.edit(ctx, versionId, { op: 'removeEdge', from, to });
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description:
      'Deploys an image at once as a private one-node composed app of the caller (no review): to TEST runtimes or your own.',
  })
  async deployFromImage(
    @Arg('input', () => DeployFromImageInput) input: DeployFromImageInput,
    @Ctx() ctx: RequestContext,
  ) {
    const actor = requireActor(ctx);
    return instanceJobAnswer(ctx, await ctx.services.imageDeploys.deploy(ctx.em, actor, input));
  }

  private edit(ctx: RequestContext, versionId: string, change: CompositionEdit) {
    return ctx.services.composedEdits.edit(ctx.em, requireActor(ctx), versionId, change);
  }
}
