/** `keypair`: the owner's SSH key pair exists (generated once, sealed at rest) and its public half is in the cloud. */
import { done, type Processor } from '../../../../jobs/job.types';
import type { VmPorts } from '../vm-ports';
import { withCloud } from '../vm-context';

export function keypairProcessor(ports: VmPorts): Processor {
  return async (ctx) =>
    withCloud(ports, ctx, async ({ op, vm, em, client }) => {
      const { keyPairId } = await ports.keys.ensure(em, vm.ownerId, op.runtimeId, client);
      return done({ keyPairId });
    });
}
