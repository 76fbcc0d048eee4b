import { nodeStateOf, volumeStateOf } from './aws.states';

describe('EC2 instance states', () => {
  it.each([
    ['pending', 'PENDING'],
    ['running', 'RUNNING'],
    ['stopping', 'STOPPING'],
    ['stopped', 'STOPPED'],
    ['shutting-down', 'TERMINATING'],
    ['terminated', 'TERMINATED'],
    ['rebooting', 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
    ['Running', 'UNKNOWN'],
    ['toString', 'UNKNOWN'],
  ])('%s → %s', (raw, state) => expect(nodeStateOf(raw)).toBe(state));
});

describe('EBS volume states', () => {
  it.each([
    ['creating', 'CREATING'],
    ['available', 'AVAILABLE'],
    ['in-use', 'IN_USE'],
    ['deleting', 'DELETING'],
    ['deleted', 'DELETED'],
    ['error', 'ERROR'],
    ['optimizing', 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
    ['constructor', 'UNKNOWN'],
  ])('%s → %s', (raw, state) => expect(volumeStateOf(raw)).toBe(state));
});
