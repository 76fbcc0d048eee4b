import { matchesTags, newTags, requireRegion, type EcsAction, type EcsContext } from './ecs.action';
import { ecsError, invalid, missing } from './ecs.errors';
import type { Tags } from './ecs.state';

type Tagged = { tags: Tags };

/** The taggable resources of one `ResourceType` (key pairs are named by their name). */
function resources(ctx: EcsContext): Record<string, Tagged> {
  const type = ctx.params.required('ResourceType');
  const { state } = ctx.store;
  const byType: Record<string, Record<string, Tagged>> = {
    instance: state.instances,
    disk: state.disks,
    keypair: state.keyPairs,
  };
  const found = byType[type.toLowerCase()];
  if (!found) throw invalid('ResourceType', 'is not supported (instance, disk, keypair)');
  return found;
}

/** TagResources: adds or overwrites tags on up to 50 resources; at most 20 tags per resource. */
export const tagResources: EcsAction = (ctx) => {
  requireRegion(ctx);
  const all = resources(ctx);
  const ids = ctx.params.list('ResourceId');
  if (ids.length === 0) throw missing('ResourceId.1');
  const tags = newTags(ctx);
  if (Object.keys(tags).length === 0) throw missing('Tag.1.Key');
  const targets = ids.map((id) => {
    const target = all[id];
    if (!target) throw ecsError('InvalidParameter', `The specified resource ${id} does not exist.`);
    return target;
  });
  if (targets.some((t) => Object.keys({ ...t.tags, ...tags }).length > 20))
    throw invalid('Tag', 'would exceed 20 tags on a resource');
  for (const t of targets) t.tags = { ...t.tags, ...tags };
  ctx.store.save();
  return {};
};

/** ListTagResources: the tags of the listed resources, or of every resource carrying the Tag.N filter. */
export const listTagResources: EcsAction = (ctx) => {
  requireRegion(ctx);
  const type = ctx.params.required('ResourceType');
  const all = resources(ctx);
  const ids = ctx.params.list('ResourceId');
  const filter = ctx.params.tags();
  if (ids.length === 0 && Object.keys(filter).length === 0) throw missing('ResourceId.1');
  const rows = Object.entries(all)
    .filter(([id, r]) => (ids.length === 0 || ids.includes(id)) && matchesTags(r.tags, filter))
    .flatMap(([id, r]) =>
      Object.entries(r.tags).map(([TagKey, TagValue]) => ({ ResourceId: id, ResourceType: type, TagKey, TagValue })),
    );
  return { TagResources: { TagResource: rows }, NextToken: '' };
};
