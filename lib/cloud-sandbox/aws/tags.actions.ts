/**
 * Tag actions over every taggable resource of the sandbox: CreateTags, DeleteTags, DescribeTags.
 * A resource's type follows from its id prefix, as in EC2; an unknown resource is that type's
 * NotFound error, and EC2's limits hold (50 tags per resource, no `aws:` keys).
 */
import type { Ec2Action, Ec2Context } from './ec2.context';
import { Ec2Fault, notFound } from './ec2.errors';
import { dict } from './ec2.model';
import { applyFilters, type FilterFields } from './filters';
import { itemSet, leaf } from './xml.writer';

const MAX_TAGS = 50;

interface ResourceKind {
  readonly type: string;
  readonly exists: (ctx: Ec2Context, id: string) => boolean;
  readonly notFound: (id: string) => Ec2Fault;
}

const KINDS: Readonly<Record<string, ResourceKind>> = {
  i: { type: 'instance', exists: (c, id) => !!c.model.state.instances[id], notFound: notFound.instance },
  vol: { type: 'volume', exists: (c, id) => !!c.model.state.volumes[id], notFound: notFound.volume },
  vpc: { type: 'vpc', exists: (c, id) => !!c.model.state.vpcs[id], notFound: notFound.vpc },
  subnet: { type: 'subnet', exists: (c, id) => !!c.model.state.subnets[id], notFound: notFound.subnet },
  key: {
    type: 'key-pair',
    exists: (c, id) => Object.values(c.model.state.keyPairs).some((k) => k.id === id),
    notFound: notFound.keyPair,
  },
};

function kindOf(id: string): ResourceKind | undefined {
  const prefix = id.slice(0, id.indexOf('-'));
  return Object.hasOwn(KINDS, prefix) ? KINDS[prefix] : undefined;
}

function resourceIds(params: Parameters<Ec2Action>[0], ctx: Ec2Context): string[] {
  const ids = params.list('ResourceId');
  if (ids.length === 0) throw new Ec2Fault('MissingParameter', 'The request must contain the parameter resourceIdSet');
  for (const id of ids) {
    const kind = kindOf(id);
    if (!kind) throw new Ec2Fault('InvalidID', `The ID '${id}' is not valid`);
    if (!kind.exists(ctx, id)) throw kind.notFound(id);
  }
  return ids;
}

const createTags: Ec2Action = (params, ctx) => {
  const ids = resourceIds(params, ctx);
  const tags = params.tags();
  const reserved = Object.keys(tags).find((k) => k.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined)
    throw new Ec2Fault(
      'InvalidParameterValue',
      `Value (${reserved}) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`,
    );
  for (const id of ids) {
    if (Object.keys({ ...ctx.model.tagsOf(id), ...tags }).length > MAX_TAGS)
      throw new Ec2Fault('TagLimitExceeded', `The maximum number of Tags for a resource has been reached.`);
  }
  for (const id of ids) ctx.model.setTags(id, tags);
  ctx.model.save();
  return [leaf('return', true)];
};

/** `Tag.N.Key` removes the key; with `Tag.N.Value` only when the value matches. No tags given: all. */
const deleteTags: Ec2Action = (params, ctx) => {
  const ids = resourceIds(params, ctx);
  const wanted = params.structs('Tag').map((t) => ({ key: t.required('Key'), value: t.get('Value') }));
  for (const id of ids) {
    const current = dict(ctx.model.tagsOf(id));
    for (const key of Object.keys(current)) {
      const rule = wanted.find((w) => w.key === key);
      if (wanted.length === 0 || (rule && (rule.value === undefined || rule.value === current[key])))
        delete current[key];
    }
    ctx.model.state.tags[id] = current;
  }
  ctx.model.save();
  return [leaf('return', true)];
};

interface TagRow {
  readonly resourceId: string;
  readonly resourceType: string;
  readonly key: string;
  readonly value: string;
}

const TAG_FILTERS: FilterFields<TagRow> = {
  'resource-id': (t) => t.resourceId,
  'resource-type': (t) => t.resourceType,
  key: (t) => t.key,
  value: (t) => t.value,
};

const describeTags: Ec2Action = (params, ctx) => {
  const rows: TagRow[] = [];
  for (const [resourceId, tags] of Object.entries(ctx.model.state.tags)) {
    const kind = kindOf(resourceId);
    if (!kind?.exists(ctx, resourceId)) continue;
    for (const [key, value] of Object.entries(tags)) rows.push({ resourceId, resourceType: kind.type, key, value });
  }
  const shown = applyFilters(rows, params.filters(), TAG_FILTERS, () => ({}));
  return [
    itemSet('tagSet', shown, (t) => [
      leaf('resourceId', t.resourceId),
      leaf('resourceType', t.resourceType),
      leaf('key', t.key),
      leaf('value', t.value),
    ]),
  ];
};

export const TAG_ACTIONS: Readonly<Record<string, Ec2Action>> = {
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};
