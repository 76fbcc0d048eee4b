import { FaultQueue } from './faults';

describe('FaultQueue', () => {
  it('consumes fail-once and drop-response faults once, for their action only', () => {
    const faults = new FaultQueue();
    faults.add({ kind: 'fail-once', action: 'RunInstances', code: 'InternalError' });
    faults.add({ kind: 'drop-response', action: 'CreateVolume' });
    expect(faults.take('DescribeInstances')).toBeUndefined();
    expect(faults.take('RunInstances')).toEqual({ kind: 'fail-once', action: 'RunInstances', code: 'InternalError' });
    expect(faults.take('RunInstances')).toBeUndefined();
    expect(faults.take('CreateVolume')?.kind).toBe('drop-response');
    expect(faults.take('CreateVolume')).toBeUndefined();
  });

  it('throttles an action the given number of times', () => {
    const faults = new FaultQueue();
    faults.add({ kind: 'throttle', action: 'DescribeZones', times: 2 });
    expect(faults.take('DescribeZones')?.kind).toBe('throttle');
    expect(faults.take('DescribeZones')?.kind).toBe('throttle');
    expect(faults.take('DescribeZones')).toBeUndefined();
  });

  it('binds an unnamed stuck-pending fault to the first instance asked about', () => {
    const faults = new FaultQueue();
    faults.add({ kind: 'stuck-pending' });
    faults.add({ kind: 'stuck-pending', instanceId: 'i-named' });
    expect(faults.isStuck('i-named')).toBe(true);
    expect(faults.isStuck('i-first')).toBe(true);
    expect(faults.isStuck('i-second')).toBe(false);
    expect(faults.isStuck('i-first')).toBe(true);
    faults.clear();
    expect(faults.isStuck('i-first')).toBe(false);
    expect(faults.isStuck('i-named')).toBe(false);
  });
});
