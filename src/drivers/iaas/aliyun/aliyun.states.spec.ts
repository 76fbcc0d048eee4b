import { aliyunNodeState, aliyunVolumeState } from './aliyun.states';

describe('Aliyun states', () => {
  test.each([
    ['Pending', 'PENDING'],
    ['Starting', 'PENDING'],
    ['Running', 'RUNNING'],
    ['Stopping', 'STOPPING'],
    ['Stopped', 'STOPPED'],
    ['Expired', 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ])('instance %s → %s', (raw, state) => {
    expect(aliyunNodeState(raw)).toBe(state);
  });

  test.each([
    ['Creating', 'CREATING'],
    ['Available', 'AVAILABLE'],
    ['Attaching', 'IN_USE'],
    ['In_use', 'IN_USE'],
    ['Detaching', 'IN_USE'],
    ['ReIniting', 'IN_USE'],
    ['in_use', 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ])('disk %s → %s', (raw, state) => {
    expect(aliyunVolumeState(raw)).toBe(state);
  });
});
