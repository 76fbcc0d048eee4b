import type { IaasNode, IaasVolume } from '../../iaas/iaas.types';
import { findOrphans, type InstanceFate, type MarinaRecords } from './orphan-scan';

const node = (id: string, tags: Record<string, string>, over: Partial<IaasNode> = {}): IaasNode => ({
  id,
  name: `vm-${id}`,
  state: 'RUNNING',
  rawState: 'running',
  zone: 'z1',
  tags,
  ...over,
});
const volume = (id: string, tags: Record<string, string>, over: Partial<IaasVolume> = {}): IaasVolume => ({
  id,
  name: `vol-${id}`,
  state: 'AVAILABLE',
  rawState: 'available',
  sizeGiB: 10,
  zone: 'z1',
  tags,
  ...over,
});

function records(
  fates: Record<string, InstanceFate>,
  recorded: string[] = [],
  openTasks: string[] = [],
): MarinaRecords {
  return {
    fateOf: (tag) => fates[tag] ?? { kind: 'absent' },
    recorded: (id) => recorded.includes(id),
    taskOpen: (tag) => openTasks.includes(tag),
  };
}

const tags = (instance: string, task = 't1') => ({ 'marina:instance': instance, 'marina:task': task });
const live = (jobOpen = false): InstanceFate => ({ kind: 'live', name: 'wp', jobOpen });

describe('findOrphans', () => {
  it('ignores resources without Marina’s instance tag', () => {
    const inv = { zone: 'z1', instances: [node('i-1', { Name: 'x' })], volumes: [volume('v-1', {})] };
    expect(findOrphans(inv, records({}))).toEqual([]);
  });

  it('lists resources of an instance Marina does not know, with why', () => {
    const inv = { zone: 'z1', instances: [node('i-1', tags('ghost'))], volumes: [volume('v-1', tags('ghost'))] };
    const found = findOrphans(inv, records({}));
    expect(found.map((o) => [o.id, o.kind, o.reason])).toEqual([
      ['i-1', 'INSTANCE', 'INSTANCE_UNKNOWN'],
      ['v-1', 'VOLUME', 'INSTANCE_UNKNOWN'],
    ]);
    expect(found[0]).toMatchObject({ instanceTag: 'ghost', taskTag: 't1', state: 'running', zone: 'z1' });
    expect(found[0].message).toBe('tagged for instance ghost, which Marina does not know');
  });

  it('does not list an untracked tag Marina records elsewhere (a frontgate)', () => {
    const inv = { zone: 'z1', instances: [node('i-fg', tags('fg-1'))], volumes: [] };
    expect(findOrphans(inv, records({}, ['i-fg']))).toEqual([]);
  });

  it('lists every resource of a ceased instance, recorded or not', () => {
    const inv = { zone: 'z1', instances: [node('i-1', tags('a'))], volumes: [volume('v-1', tags('a'))] };
    const found = findOrphans(inv, records({ a: { kind: 'ceased', name: 'wp' } }, ['i-1', 'v-1']));
    expect(found.map((o) => o.reason)).toEqual(['INSTANCE_CEASED', 'INSTANCE_CEASED']);
    expect(found[0].message).toBe('tagged for instance wp (a), which was ceased');
  });

  it('lists an unrecorded resource of a live instance once no job of it runs', () => {
    const inv = {
      zone: 'z1',
      instances: [node('i-known', tags('a')), node('i-lost', tags('a', 'dead-task'))],
      volumes: [volume('v-lost', tags('a'), { attachedTo: 'i-lost', state: 'IN_USE' })],
    };
    const found = findOrphans(inv, records({ a: live() }, ['i-known']));
    expect(found.map((o) => [o.id, o.reason, o.attachedTo])).toEqual([
      ['i-lost', 'UNRECORDED', null],
      ['v-lost', 'UNRECORDED', 'i-lost'],
    ]);
    expect(found[0].message).toBe('made for instance wp (a) by task dead-task but recorded on none of its nodes');
  });

  it('does not list an unrecorded resource while its instance has an open job or its task is open', () => {
    const inv = { zone: 'z1', instances: [node('i-new', tags('a', 'running-task'))], volumes: [] };
    expect(findOrphans(inv, records({ a: live(true) }))).toEqual([]);
    expect(findOrphans(inv, records({ a: live(false) }, [], ['running-task']))).toEqual([]);
  });

  it('leaves resources going away, of another runtime and of another zone alone', () => {
    const inv = {
      zone: 'z1',
      instances: [
        node('i-1', tags('ghost'), { state: 'TERMINATED', rawState: 'terminated' }),
        node('i-2', tags('ghost'), { state: 'TERMINATING', rawState: 'shutting-down' }),
        node('i-3', tags('other')),
        node('i-4', tags('ghost'), { zone: 'z2' }),
      ],
      volumes: [
        volume('v-1', tags('ghost'), { state: 'DELETING' }),
        volume('v-2', tags('ghost'), { state: 'DELETED' }),
      ],
    };
    expect(findOrphans(inv, records({ other: { kind: 'elsewhere' } }))).toEqual([]);
  });

  it('judges every zone when the runtime names none', () => {
    const inv = { zone: null, instances: [node('i-4', tags('ghost'), { zone: 'z2' })], volumes: [] };
    expect(findOrphans(inv, records({})).map((o) => o.id)).toEqual(['i-4']);
  });
});
