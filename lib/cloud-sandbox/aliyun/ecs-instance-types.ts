/**
 * vCPU and memory of an ECS instance type, read from its name (`ecs.<family>.<size>`): sizes
 * small=1, large=2, xlarge=4, Nxlarge=4N vCPU; memory per vCPU by family class c=2, g=4, r=8 GiB
 * (others 4). Any instance type is accepted; a name outside this pattern reads as 2 vCPU / 8 GiB.
 */
const GIB_PER_VCPU: Readonly<Record<string, number>> = { c: 2, g: 4, r: 8 };

export interface InstanceShape {
  readonly cpu: number;
  /** MiB. */
  readonly memory: number;
}

export function shapeOf(instanceType: string): InstanceShape {
  const m = /^ecs\.([a-z]+)[a-z0-9-]*\.(small|large|(\d*)xlarge)$/.exec(instanceType);
  if (!m) return { cpu: 2, memory: 8192 };
  const [, familyLetters, size, times] = m;
  const cpu = size === 'small' ? 1 : size === 'large' ? 2 : 4 * (times ? Number(times) : 1);
  const perCpu = GIB_PER_VCPU[familyLetters.slice(-1)] ?? 4;
  return { cpu, memory: cpu * perCpu * 1024 };
}
