/**
 * Names shared by the VM planner and its processors: task actions registered on the job engine
 * and the task keys of a VM operation's DAG. Per-node keys carry the node id, per-service keys
 * the service and its order, so a processor reads an upstream result by a key it can compute.
 */

export const VM_TASK = {
  keypair: 'vm.keypair',
  frontgate: 'vm.frontgate',
  volume: 'vm.volume',
  node: 'vm.node',
  attach: 'vm.attach',
  prepare: 'vm.prepare',
  register: 'vm.register',
  discover: 'vm.discover',
  service: 'vm.service',
  power: 'vm.power',
  teardown: 'vm.teardown',
  deregister: 'vm.deregister',
  releaseFrontgate: 'vm.frontgate-release',
  record: 'vm.record',
} as const;

export type VmTaskAction = (typeof VM_TASK)[keyof typeof VM_TASK];

export const VM_KEY = {
  keypair: 'keypair',
  frontgate: 'frontgate',
  register: 'register',
  discover: 'discover',
  power: 'power',
  teardown: 'teardown',
  deregister: 'deregister',
  releaseFrontgate: 'frontgate-release',
  record: 'record',
  volume: (nodeId: string) => `volume-${nodeId}`,
  node: (nodeId: string) => `node-${nodeId}`,
  attach: (nodeId: string) => `attach-${nodeId}`,
  prepare: (nodeId: string) => `prepare-${nodeId}`,
  service: (name: string, order: number) => `svc-${name.replace(/[^A-Za-z0-9_-]/g, '_')}-${order}`,
} as const;

/** Where a task finds the cluster's nodes: `register` (deploy, start), `discover` or `power` (the others). */
export type NodesFrom = typeof VM_KEY.register | typeof VM_KEY.discover | typeof VM_KEY.power;

/** What the `power` task does to every node. */
export type PowerAction = 'stop' | 'start';
