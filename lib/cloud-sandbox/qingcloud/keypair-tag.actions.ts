import { utils } from 'ssh2';
import { lookupAll, matchesSearch, matchesTagFilter, tagsJson, type QcAction } from './qc.action';
import { qcErrors } from './qingcloud.errors';
import { qcId, qcNow, type QcKeyPair } from './qingcloud.state';

const PUBLIC_KEY = /^(ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)) [A-Za-z0-9+/]+=*(\s.*)?$/;

/**
 * CreateKeyPair: `mode=user` registers the given `public_key`; `mode=system` (the default) makes a
 * new pair and answers its `private_key` once.
 */
export const createKeyPair: QcAction = (ctx) => {
  const { params, store } = ctx;
  const mode = params.get('mode') ?? 'system';
  const encryptMethod = params.get('encrypt_method') ?? 'ssh-rsa';
  if (encryptMethod !== 'ssh-rsa' && encryptMethod !== 'ssh-dss') throw qcErrors.invalid('encrypt_method');
  let pubKey: string;
  let privateKey: string | undefined;
  if (mode === 'user') {
    pubKey = params.required('public_key').trim();
    if (!PUBLIC_KEY.test(pubKey)) throw qcErrors.invalid('public_key', 'is not an OpenSSH public key');
  } else if (mode === 'system') {
    const pair = utils.generateKeyPairSync('rsa', { bits: 2048 });
    [pubKey, privateKey] = [pair.public.trim(), pair.private];
  } else throw qcErrors.invalid('mode', 'should be system or user');
  const pair: QcKeyPair = {
    id: qcId('kp'),
    name: params.get('keypair_name') ?? '',
    pubKey,
    encryptMethod,
    createTime: qcNow(),
  };
  store.state.keyPairs[pair.id] = pair;
  store.save();
  return privateKey ? { keypair_id: pair.id, private_key: privateKey } : { keypair_id: pair.id };
};

export const describeKeyPairs: QcAction = (ctx) => {
  const { params, store } = ctx;
  const ids = params.list('keypairs');
  const instanceId = params.get('instance_id');
  const users = (kp: QcKeyPair) =>
    Object.values(store.state.instances)
      .filter((i) => i.status !== 'terminated' && i.keypairIds.includes(kp.id))
      .map((i) => i.id);
  const found = Object.values(store.state.keyPairs).filter(
    (k) =>
      (ids.length === 0 || ids.includes(k.id)) &&
      (!instanceId || users(k).includes(instanceId)) &&
      matchesTagFilter(ctx, k.id) &&
      matchesSearch(ctx, k.id, k.name),
  );
  const { items, total_count } = params.page(found);
  return {
    keypair_set: items.map((k) => ({
      keypair_id: k.id,
      keypair_name: k.name,
      description: '',
      pub_key: k.pubKey,
      encrypt_method: k.encryptMethod,
      instance_ids: users(k),
      create_time: k.createTime,
      tags: tagsJson(store.tagsOf(k.id)),
    })),
    total_count,
  };
};

/** AttachKeyPairs / DetachKeyPairs: recorded at once; a running VM's sshd takes the change at its next boot. */
function changeKeyPairs(attach: boolean): QcAction {
  return (ctx) => {
    const keypairs = lookupAll(ctx.params.requiredList('keypairs'), ctx.store.state.keyPairs).map((k) => k.id);
    const instances = lookupAll(ctx.params.requiredList('instances'), ctx.store.state.instances);
    for (const i of instances)
      i.keypairIds = attach
        ? [...new Set([...i.keypairIds, ...keypairs])]
        : i.keypairIds.filter((id) => !keypairs.includes(id));
    ctx.store.save();
    return {
      job_id: ctx.lifecycle.doneJob(
        attach ? 'AttachKeyPairs' : 'DetachKeyPairs',
        instances.map((i) => i.id),
      ).id,
    };
  };
}
export const attachKeyPairs = changeKeyPairs(true);
export const detachKeyPairs = changeKeyPairs(false);

/** DeleteKeyPairs: key pairs still used by an instance that is not terminated are refused. */
export const deleteKeyPairs: QcAction = (ctx) => {
  const keypairs = lookupAll(ctx.params.requiredList('keypairs'), ctx.store.state.keyPairs);
  const instances = Object.values(ctx.store.state.instances).filter((i) => i.status !== 'terminated');
  const used = keypairs.find((k) => instances.some((i) => i.keypairIds.includes(k.id)));
  if (used) throw qcErrors.badState(used.id, 'in use');
  for (const k of keypairs) delete ctx.store.state.keyPairs[k.id];
  ctx.store.state.tagPairs = ctx.store.state.tagPairs.filter((p) => !keypairs.some((k) => k.id === p.resourceId));
  ctx.store.save();
  return { keypairs: keypairs.map((k) => k.id) };
};

export const createTag: QcAction = (ctx) => {
  const name = ctx.params.required('tag_name');
  if (name.length > 128) throw qcErrors.invalid('tag_name', 'is longer than 128 characters');
  const tag = { id: qcId('tag'), name, color: ctx.params.get('color') ?? '#9f9bb7', createTime: qcNow() };
  ctx.store.state.tags[tag.id] = tag;
  ctx.store.save();
  return { tag_id: tag.id };
};

export const describeTags: QcAction = (ctx) => {
  const { params, store } = ctx;
  const ids = params.list('tags');
  const found = Object.values(store.state.tags).filter(
    (t) => (ids.length === 0 || ids.includes(t.id)) && matchesSearch(ctx, t.id, t.name),
  );
  const { items, total_count } = params.page(found);
  const pairs = (tagId: string) => store.state.tagPairs.filter((p) => p.tagId === tagId);
  return {
    tag_set: items.map((t) => ({
      tag_id: t.id,
      tag_name: t.name,
      color: t.color,
      description: '',
      resource_count: pairs(t.id).length,
      resource_tag_pairs: pairs(t.id).map((p) => ({
        tag_id: p.tagId,
        resource_type: p.resourceType,
        resource_id: p.resourceId,
      })),
      create_time: t.createTime,
    })),
    total_count,
  };
};

const TAGGABLE = { instance: 'instances', volume: 'volumes', keypair: 'keyPairs' } as const;

/** AttachTags / DetachTags: `resource_tag_pairs.n.{tag_id,resource_type,resource_id}`. */
function changeTags(attach: boolean): QcAction {
  return (ctx) => {
    const { state } = ctx.store;
    const pairs = ctx.params.records('resource_tag_pairs');
    if (pairs.length === 0) throw qcErrors.missing('resource_tag_pairs.1.tag_id');
    for (const p of pairs) {
      const table = TAGGABLE[p.resource_type as keyof typeof TAGGABLE];
      if (!table)
        throw qcErrors.invalid('resource_type', `[${p.resource_type}] is not supported (instance, volume, keypair)`);
      lookupAll([p.tag_id ?? ''], state.tags);
      lookupAll([p.resource_id ?? ''], state[table] as Record<string, unknown>);
    }
    const same = (a: { tagId: string; resourceId: string }, p: Record<string, string>) =>
      a.tagId === p.tag_id && a.resourceId === p.resource_id;
    state.tagPairs = state.tagPairs.filter((a) => !pairs.some((p) => same(a, p)));
    if (attach)
      state.tagPairs.push(
        ...pairs.map((p) => ({ tagId: p.tag_id, resourceType: p.resource_type, resourceId: p.resource_id })),
      );
    ctx.store.save();
    return {};
  };
}
export const attachTags = changeTags(true);
export const detachTags = changeTags(false);
