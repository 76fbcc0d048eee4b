import type { IaasNode, IaasVolume } from '../../iaas/iaas.types';
import { chooseTargets, removalStep } from './orphan-removal';
import type { OrphanedResource } from './orphan-scan';

const orphan = (id: string, kind: OrphanedResource['kind'], attachedTo: string | null = null): OrphanedResource => ({
  id,
  kind,
  name: id,
  state: 'x',
  zone: 'z1',
  instanceTag: 'ghost',
  taskTag: null,
  reason: 'INSTANCE_UNKNOWN',
  message: 'm',
  attachedTo,
  sizeGiB: kind === 'VOLUME' ? 10 : null,
});
const node = (id: string, state: IaasNode['state']): IaasNode => ({
  id,
  name: id,
  state,
  rawState: state.toLowerCase(),
  zone: 'z1',
  tags: {},
});
const volume = (id: string, state: IaasVolume['state'], attachedTo?: string): IaasVolume => ({
  id,
  name: id,
  state,
  rawState: state.toLowerCase(),
  sizeGiB: 10,
  zone: 'z1',
  attachedTo,
  tags: {},
});

describe('chooseTargets', () => {
  const orphans = [orphan('i-1', 'INSTANCE'), orphan('v-1', 'VOLUME')];

  it('takes every orphan when no ids are given', () => {
    expect(chooseTargets(null, orphans)).toEqual({ targets: orphans, skipped: [] });
  });

  it('takes the requested orphans once and names the ids that are not orphans', () => {
    const chosen = chooseTargets(['v-1', 'v-1', 'i-live'], orphans);
    expect(chosen.targets.map((t) => t.id)).toEqual(['v-1']);
    expect(chosen.skipped).toEqual([
      { id: 'i-live', message: 'i-live is not an orphaned resource of this runtime; left alone' },
    ]);
  });
});

describe('removalStep', () => {
  it('terminates VMs, detaches attached volumes and deletes free ones', () => {
    const targets = [orphan('i-1', 'INSTANCE'), orphan('v-1', 'VOLUME', 'i-1'), orphan('v-2', 'VOLUME')];
    const inventory = {
      zone: 'z1',
      instances: [node('i-1', 'RUNNING')],
      volumes: [volume('v-1', 'IN_USE', 'i-1'), volume('v-2', 'AVAILABLE')],
    };
    expect(removalStep(targets, inventory, targets)).toEqual({
      actions: [
        { kind: 'terminate', instanceId: 'i-1' },
        { kind: 'detach', volumeId: 'v-1', instanceId: 'i-1' },
        { kind: 'delete', volumeId: 'v-2' },
      ],
      gone: [],
      skipped: [],
      waiting: ['i-1', 'v-1', 'v-2'],
    });
  });

  it('counts going or absent resources as gone and waits on transitions', () => {
    const targets = [
      orphan('i-1', 'INSTANCE'),
      orphan('i-2', 'INSTANCE'),
      orphan('v-1', 'VOLUME'),
      orphan('v-2', 'VOLUME'),
      orphan('v-3', 'VOLUME'),
    ];
    const inventory = {
      zone: 'z1',
      instances: [node('i-1', 'TERMINATING')],
      volumes: [volume('v-1', 'DELETED'), volume('v-3', 'CREATING')],
    };
    expect(removalStep(targets, inventory, [orphan('v-3', 'VOLUME')])).toEqual({
      actions: [],
      gone: ['i-1', 'i-2', 'v-1', 'v-2'],
      skipped: [],
      waiting: ['v-3'],
    });
  });

  it('never touches a target Marina recorded after it was chosen', () => {
    const targets = [orphan('i-1', 'INSTANCE')];
    const inventory = { zone: 'z1', instances: [node('i-1', 'RUNNING')], volumes: [] };
    expect(removalStep(targets, inventory, [])).toEqual({
      actions: [],
      gone: [],
      skipped: [{ id: 'i-1', message: 'i-1 was recorded by Marina meanwhile; left alone' }],
      waiting: [],
    });
  });
});
