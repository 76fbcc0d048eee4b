import { qingcloudNodeState, qingcloudVolumeState } from './qingcloud.states';

describe('QingCloud states', () => {
  test.each([
    ['pending', '', 'PENDING'],
    ['pending', 'creating', 'PENDING'],
    ['running', '', 'RUNNING'],
    ['running', 'stopping', 'STOPPING'],
    ['running', 'restarting', 'PENDING'],
    ['running', 'terminating', 'TERMINATING'],
    ['running', 'suspending', 'STOPPING'],
    ['stopped', '', 'STOPPED'],
    ['stopped', 'starting', 'PENDING'],
    ['stopped', 'terminating', 'TERMINATING'],
    ['suspended', '', 'STOPPED'],
    ['suspended', 'resuming', 'PENDING'],
    ['terminated', '', 'TERMINATED'],
    ['ceased', '', 'TERMINATED'],
    ['brand-new', '', 'UNKNOWN'],
    [undefined, undefined, 'UNKNOWN'],
  ])('instance %s/%s → %s', (status, transition, state) => {
    expect(qingcloudNodeState(status, transition)).toBe(state);
  });

  test.each([
    ['pending', 'creating', 'CREATING'],
    ['available', '', 'AVAILABLE'],
    ['available', 'attaching', 'IN_USE'],
    ['in-use', '', 'IN_USE'],
    ['in-use', 'detaching', 'IN_USE'],
    ['available', 'deleting', 'DELETING'],
    ['suspended', '', 'ERROR'],
    ['deleted', '', 'DELETED'],
    ['ceased', '', 'DELETED'],
    ['in_use', '', 'UNKNOWN'],
  ])('volume %s/%s → %s', (status, transition, state) => {
    expect(qingcloudVolumeState(status, transition)).toBe(state);
  });
});
