import { clientToken } from './aliyun.client';
import { pickInstanceType } from './aliyun.instance-type';

describe('pickInstanceType', () => {
  test.each([
    [1, 1024, 'ecs.c6.large'],
    [2, 4096, 'ecs.c6.large'],
    [2, 8192, 'ecs.g6.large'],
    [2, 16384, 'ecs.r6.large'],
    [2, 32768, 'ecs.r6.xlarge'],
    [3, 8192, 'ecs.c6.xlarge'],
    [4, 16384, 'ecs.g6.xlarge'],
    [8, 16384, 'ecs.c6.2xlarge'],
    [64, 1048576, 'ecs.r6.16xlarge'],
    [128, 1024, 'ecs.r6.16xlarge'],
  ])('%i vCPU, %i MiB → %s', (cpu, memoryMiB, type) => {
    expect(pickInstanceType(cpu, memoryMiB)).toBe(type);
  });
});

describe('clientToken', () => {
  test('short ASCII tokens pass as they are; long or non-ASCII ones become their SHA-256', () => {
    expect(clientToken('job-1.task-2')).toBe('job-1.task-2');
    expect(clientToken('x'.repeat(65))).toMatch(/^[0-9a-f]{64}$/);
    expect(clientToken('任务')).toMatch(/^[0-9a-f]{64}$/);
    expect(clientToken('x'.repeat(65))).toBe(clientToken('x'.repeat(65)));
  });
});
