import { InstanceStatus, TransitionStatus } from '../../entities/enums';
import { InvalidStateFailure } from '../errors';
import type { InstanceAction } from './instance-operation.types';
import {
  ALL_INSTANCE_STATUSES,
  INSTANCE_ACTIONS,
  instanceSourcesOf,
  isInstanceAction,
  lockFor,
  retryLockFor,
  settledStatus,
} from './instance-status.machine';

const { PENDING, ACTIVE, STOPPED, FAILED, DELETED, CEASED } = InstanceStatus;
const T = TransitionStatus;
const u = undefined;

// The expected lock of every (status, action) pair, written out independently of the table (PRODUCT.md H4, H5).
// prettier-ignore
const expectedLock: Record<InstanceStatus, Record<InstanceAction, TransitionStatus | undefined>> = {
  PENDING: { deploy: T.CREATING, adopt: T.CREATING, upgrade: u, rollback: u, update_config: u, stop: u, start: u, delete: u, recover: u, cease: u, scale: u, resize: u },
  ACTIVE:  { deploy: u, adopt: u, upgrade: T.UPGRADING, rollback: T.ROLLING_BACK, update_config: T.UPDATING, stop: T.STOPPING, start: u, delete: T.DELETING, recover: u, cease: T.CEASING, scale: T.SCALING, resize: T.RESIZING },
  STOPPED: { deploy: u, adopt: u, upgrade: u, rollback: u, update_config: u, stop: u, start: T.STARTING, delete: T.DELETING, recover: u, cease: T.CEASING, scale: u, resize: u },
  FAILED:  { deploy: u, adopt: u, upgrade: T.UPGRADING, rollback: T.ROLLING_BACK, update_config: T.UPDATING, stop: T.STOPPING, start: T.STARTING, delete: T.DELETING, recover: u, cease: T.CEASING, scale: u, resize: u },
  DELETED: { deploy: u, adopt: u, upgrade: u, rollback: u, update_config: u, stop: u, start: u, delete: u, recover: T.RECOVERING, cease: T.CEASING, scale: u, resize: u },
  CEASED:  { deploy: u, adopt: u, upgrade: u, rollback: u, update_config: u, stop: u, start: u, delete: u, recover: u, cease: u, scale: u, resize: u },
};

// prettier-ignore
const expectedSettle: Record<InstanceAction, [InstanceStatus, InstanceStatus]> = {
  deploy: [ACTIVE, FAILED], adopt: [ACTIVE, CEASED], upgrade: [ACTIVE, FAILED], rollback: [ACTIVE, FAILED],
  update_config: [ACTIVE, FAILED], stop: [STOPPED, FAILED], start: [ACTIVE, FAILED], delete: [DELETED, FAILED],
  recover: [ACTIVE, FAILED], cease: [CEASED, FAILED], scale: [ACTIVE, FAILED], resize: [ACTIVE, FAILED],
};

describe('instance status machine', () => {
  for (const status of ALL_INSTANCE_STATUSES) {
    for (const action of INSTANCE_ACTIONS) {
      const want = expectedLock[status][action];
      it(`${status} --${action}--> ${want ?? 'InvalidStateError'}`, () => {
        const got = lockFor({ name: 'i', status }, action);
        if (want) expect(got).toBe(want);
        else expect(got).toMatchObject({ errorCode: 'INVALID_STATE', from: status, action });
      });
    }
  }

  it('refuses every operation while a transition is set, naming the transition', () => {
    for (const lock of Object.values(TransitionStatus)) {
      for (const action of INSTANCE_ACTIONS) {
        const got = lockFor({ name: 'web', status: ACTIVE, transitionStatus: lock }, action);
        expect(got).toBeInstanceOf(InvalidStateFailure);
        expect(got).toMatchObject({ from: lock, action });
      }
    }
  });

  for (const action of INSTANCE_ACTIONS) {
    it(`${action} settles to ${expectedSettle[action].join(' / ')}; cancelled like failed`, () => {
      expect(settledStatus(action, 'succeeded')).toBe(expectedSettle[action][0]);
      expect(settledStatus(action, 'failed')).toBe(expectedSettle[action][1]);
      expect(settledStatus(action, 'cancelled')).toBe(expectedSettle[action][1]);
    });
  }

  it('cease from ACTIVE, STOPPED, FAILED or DELETED; CEASED is final', () => {
    expect(instanceSourcesOf('cease').sort()).toEqual([ACTIVE, DELETED, FAILED, STOPPED].sort());
    expect(
      INSTANCE_ACTIONS.filter((a) => !(lockFor({ name: 'i', status: CEASED }, a) instanceof InvalidStateFailure)),
    ).toEqual([]);
  });

  it('retry re-takes the lock only from the failure status the job left, never for a failed adopt', () => {
    expect(retryLockFor({ name: 'i', status: FAILED }, 'deploy')).toBe(T.CREATING);
    expect(retryLockFor({ name: 'i', status: FAILED }, 'stop')).toBe(T.STOPPING);
    expect(retryLockFor({ name: 'i', status: ACTIVE }, 'deploy')).toMatchObject({ from: ACTIVE, action: 'retry' });
    expect(retryLockFor({ name: 'i', status: FAILED, transitionStatus: T.UPGRADING }, 'upgrade')).toMatchObject({
      from: T.UPGRADING,
    });
    expect(retryLockFor({ name: 'i', status: CEASED }, 'adopt')).toBeInstanceOf(InvalidStateFailure);
    expect(retryLockFor({ name: 'i', status: STOPPED }, 'delete')).toBeInstanceOf(InvalidStateFailure);
  });

  it('knows its actions', () => {
    expect(isInstanceAction('upgrade')).toBe(true);
    expect(isInstanceAction('resize')).toBe(true);
    expect(isInstanceAction('reboot')).toBe(false);
    expect(isInstanceAction(3)).toBe(false);
  });
});
