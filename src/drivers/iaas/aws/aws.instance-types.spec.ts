import { IaasError } from '../iaas.types';
import { pickInstanceType } from './aws.instance-types';

describe('instance type from CPU and memory', () => {
  it.each([
    [1, 256, 't3.nano'],
    [1, 512, 't3.nano'],
    [1, 513, 't3.micro'],
    [2, 2048, 't3.small'],
    [2, 3000, 't3.medium'],
    [3, 1024, 't3.xlarge'],
    [4, 16384, 't3.xlarge'],
    [4, 16385, 't3.2xlarge'],
    [16, 1024, 'm5.4xlarge'],
    [96, 393216, 'm5.24xlarge'],
  ])('%d vCPU, %d MiB → %s', (cpu, memory, type) => expect(pickInstanceType(cpu, memory)).toBe(type));

  it('refuses a size no type has', () => {
    expect(() => pickInstanceType(128, 1024)).toThrow(IaasError);
    expect(() => pickInstanceType(1, 10_000_000)).toThrow(/name an instance type/);
  });
});
