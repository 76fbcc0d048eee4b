import { shapeOf } from './ecs-instance-types';
import { RpcParams } from './rpc-params';

describe('RpcParams', () => {
  const p = new RpcParams({
    RegionId: 'cn-hangzhou',
    Amount: '2',
    Force: 'true',
    'InstanceId.2': 'i-b',
    'InstanceId.1': 'i-a',
    'InstanceId.10': 'i-j',
    'Tag.1.Key': 'marina:task',
    'Tag.1.Value': 't1',
    'Tag.2.Key': 'empty',
    InstanceIds: '["i-1","i-2"]',
    Empty: '',
  });

  test('reads scalars, lists in index order, tags and JSON lists', () => {
    expect(p.required('RegionId')).toBe('cn-hangzhou');
    expect(p.int('Amount')).toBe(2);
    expect(p.bool('Force')).toBe(true);
    expect(p.bool('DryRun')).toBe(false);
    expect(p.get('Empty')).toBeUndefined();
    expect(p.list('InstanceId')).toEqual(['i-a', 'i-b', 'i-j']);
    expect(p.tags()).toEqual({ 'marina:task': 't1', empty: '' });
    expect(p.jsonList('InstanceIds')).toEqual(['i-1', 'i-2']);
    expect(p.jsonList('Missing')).toBeUndefined();
  });

  test.each([
    [() => p.required('ImageId'), 'MissingParameter'],
    [() => new RpcParams({ Amount: 'two' }).int('Amount'), 'InvalidParameter'],
    [() => new RpcParams({ Force: 'yes' }).bool('Force'), 'InvalidParameter'],
    [() => new RpcParams({ InstanceIds: '[1]' }).jsonList('InstanceIds'), 'InvalidParameter'],
    [() => new RpcParams({ InstanceIds: 'i-1' }).jsonList('InstanceIds'), 'InvalidParameter'],
  ])('bad input %# is the ECS error', (read, code) => {
    expect(read).toThrow(expect.objectContaining({ code }));
  });

  test('the token digest ignores the named parameters and parameter order', () => {
    const a = new RpcParams({ ImageId: 'x', ClientToken: 't1', Amount: '1' });
    const b = new RpcParams({ Amount: '1', ClientToken: 't2', ImageId: 'x' });
    expect(a.digestExcept(['ClientToken'])).toBe(b.digestExcept(['ClientToken']));
    expect(a.digestExcept([])).not.toBe(b.digestExcept([]));
  });
});

describe('instance type shapes', () => {
  test.each([
    ['ecs.g6.large', 2, 8192],
    ['ecs.c7.xlarge', 4, 8192],
    ['ecs.r6.2xlarge', 8, 65536],
    ['ecs.t6-c1m1.large', 2, 8192],
    ['ecs.n4.small', 1, 4096],
    ['anything', 2, 8192],
  ])('%s → %i vCPU, %i MiB', (type, cpu, memory) => {
    expect(shapeOf(type)).toEqual({ cpu, memory });
  });
});
