/**
 * The instance type Marina picks when a request gives only CPU and memory: the smallest type of
 * this table (general purpose, ordered by size) with at least that many vCPUs and MiB.
 */
import { IaasError } from '../iaas.types';

export const AWS_INSTANCE_TYPES: readonly {
  readonly type: string;
  readonly cpu: number;
  readonly memoryMiB: number;
}[] = [
  { type: 't3.nano', cpu: 2, memoryMiB: 512 },
  { type: 't3.micro', cpu: 2, memoryMiB: 1024 },
  { type: 't3.small', cpu: 2, memoryMiB: 2048 },
  { type: 't3.medium', cpu: 2, memoryMiB: 4096 },
  { type: 't3.large', cpu: 2, memoryMiB: 8192 },
  { type: 't3.xlarge', cpu: 4, memoryMiB: 16384 },
  { type: 't3.2xlarge', cpu: 8, memoryMiB: 32768 },
  { type: 'm5.4xlarge', cpu: 16, memoryMiB: 65536 },
  { type: 'm5.8xlarge', cpu: 32, memoryMiB: 131072 },
  { type: 'm5.12xlarge', cpu: 48, memoryMiB: 196608 },
  { type: 'm5.16xlarge', cpu: 64, memoryMiB: 262144 },
  { type: 'm5.24xlarge', cpu: 96, memoryMiB: 393216 },
];

export function pickInstanceType(cpu: number, memoryMiB: number): string {
  const fit = AWS_INSTANCE_TYPES.find((t) => t.cpu >= cpu && t.memoryMiB >= memoryMiB);
  if (!fit)
    throw new IaasError(
      'INVALID_PARAMETER',
      'NoInstanceTypeFits',
      `No EC2 instance type has ${cpu} vCPUs and ${memoryMiB} MiB; name an instance type.`,
    );
  return fit.type;
}
