/**
 * An ECS instance type for a cpu/memory request: the smallest size of the c6 (2 GiB/vCPU), g6
 * (4 GiB/vCPU) or r6 (8 GiB/vCPU) family that gives at least that much of both (2 vCPU minimum).
 */
const SIZES: readonly [number, string][] = [
  [2, 'large'],
  [4, 'xlarge'],
  [8, '2xlarge'],
  [16, '4xlarge'],
  [32, '8xlarge'],
  [64, '16xlarge'],
];
const FAMILIES: readonly [number, string][] = [
  [2, 'c6'],
  [4, 'g6'],
  [8, 'r6'],
];

export function pickInstanceType(cpu: number, memoryMiB: number): string {
  const memoryGiB = memoryMiB / 1024;
  for (const [vcpu, size] of SIZES) {
    if (vcpu < cpu) continue;
    const family = FAMILIES.find(([perCpu]) => perCpu * vcpu >= memoryGiB);
    if (family) return `ecs.${family[1]}.${size}`;
  }
  return 'ecs.r6.16xlarge';
}
