/**
 * Registers the VM pipeline's processors (task actions of ./vm-tasks.ts) on a job engine. Every
 * processor observes before it acts and converges when run again.
 */
import type { Processor } from '../../../jobs/job.types';
import type { VmPorts } from './vm-ports';
import { VM_TASK, type VmTaskAction } from './vm-tasks';
import { discoverProcessor } from './tasks/discover.task';
import { frontgateProcessor } from './tasks/frontgate.task';
import { keypairProcessor } from './tasks/keypair.task';
import { nodeProcessor } from './tasks/node.task';
import { powerProcessor } from './tasks/power.task';
import { prepareProcessor } from './tasks/prepare.task';
import { recordProcessor } from './tasks/record.task';
import { registerProcessor } from './tasks/register.task';
import { serviceProcessor } from './tasks/service.task';
import { deregisterProcessor, releaseFrontgateProcessor, teardownProcessor } from './tasks/teardown.task';
import { attachProcessor, volumeProcessor } from './tasks/volume.task';
import { nodesRemoveProcessor } from './tasks/nodes-remove.task';
import { resizeProcessor } from './tasks/resize.task';
import { VM_OPS_TASK } from './vm-ops.planner';

export function vmProcessors(ports: VmPorts): Readonly<Record<VmTaskAction, Processor>> {
  return {
    [VM_TASK.keypair]: keypairProcessor(ports),
    [VM_TASK.frontgate]: frontgateProcessor(ports),
    [VM_TASK.volume]: volumeProcessor(ports),
    [VM_TASK.node]: nodeProcessor(ports),
    [VM_TASK.attach]: attachProcessor(ports),
    [VM_TASK.prepare]: prepareProcessor(ports),
    [VM_TASK.register]: registerProcessor(ports),
    [VM_TASK.discover]: discoverProcessor(ports),
    [VM_TASK.service]: serviceProcessor(ports),
    [VM_TASK.power]: powerProcessor(ports),
    [VM_TASK.teardown]: teardownProcessor(ports),
    [VM_TASK.deregister]: deregisterProcessor(ports),
    [VM_TASK.releaseFrontgate]: releaseFrontgateProcessor(ports),
    [VM_TASK.record]: recordProcessor(ports),
  };
}

export function registerVmProcessors(register: (action: string, processor: Processor) => void, ports: VmPorts): void {
  for (const [action, processor] of Object.entries(vmProcessors(ports))) register(action, processor);
  register(VM_OPS_TASK.nodesRemove, nodesRemoveProcessor(ports));
  register(VM_OPS_TASK.resize, resizeProcessor(ports));
}
