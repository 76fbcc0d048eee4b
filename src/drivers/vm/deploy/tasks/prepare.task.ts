/**
 * `prepare-<id>`: the node answers over SSH through the frontgate (its host key pinned on first
 * contact), and its volume is formatted (only when it has no filesystem yet) and mounted (only
 * when not mounted yet), so a re-run changes nothing.
 */
import { DriverError } from '../../../../jobs/errors';
import { done, type Processor } from '../../../../jobs/job.types';
import type { VmRoleVolume } from '../../vm-operation.types';
import type { VmPorts } from '../vm-ports';
import { VM_KEY } from '../vm-tasks';
import { frontgateOf, hostOf, roleOf, vmOperationOf, withSession, type ClusterNode } from '../vm-context';
import type { EntityManager } from '@mikro-orm/postgresql';

const REACH_TIMEOUT_MS = 30_000;

/** A shell script mounting `device` at the volume's mount point, formatting it first when blank. */
export function mountScript(device: string, volume: VmRoleVolume): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const mp = q(volume.mountPoint);
  const dev = q(device);
  return [
    `if mount | grep -q " on ${volume.mountPoint} type "; then echo "${volume.mountPoint} already mounted"; else`,
    `  blkid ${dev} >/dev/null 2>&1 || mkfs.${volume.filesystem} ${dev} || exit 1`,
    `  [ -n "\${MARINA_VM_ROOT:-}" ] || mkdir -p ${mp}`,
    `  mount -t ${volume.filesystem} -o ${q(volume.mountOptions || 'defaults')} ${dev} ${mp}`,
    'fi',
  ].join('\n');
}

export function prepareProcessor(ports: VmPorts): Processor {
  return async (ctx) => {
    const { op, vm } = vmOperationOf(ctx);
    const nodeId = ctx.task.target ?? '';
    const node = ctx.upstream(VM_KEY.node(nodeId)) as unknown as ClusterNode;
    const role = roleOf(vm, node.role);
    const { frontgate } = frontgateOf(ctx);
    if (!frontgate) throw new DriverError('VM_NO_FRONTGATE', 'the cluster has no frontgate', false);
    const attached = role.volume ? (ctx.upstream(VM_KEY.attach(nodeId)) as { device?: string } | null) : null;
    const em = ctx.em as EntityManager;
    return withSession(ports, ctx, { op, vm, em }, hostOf(frontgate), async (session) => {
      const host = hostOf(node);
      const reach = await session.exec(host, 'hostname', { env: {}, timeoutMs: REACH_TIMEOUT_MS, signal: ctx.signal });
      if (reach.exitCode !== 0)
        throw new DriverError(
          'VM_SSH_FAILED',
          `node ${nodeId}: "hostname" exited ${reach.exitCode}: ${reach.stderr.trim()}`,
          true,
        );
      await ctx.log(`${nodeId}: reachable over SSH as ${reach.stdout.trim()}`);
      if (role.volume) {
        const device = attached?.device ?? '/dev/vdb';
        const mounted = await session.exec(host, mountScript(device, role.volume), {
          env: {},
          timeoutMs: REACH_TIMEOUT_MS,
          signal: ctx.signal,
          onLine: (line) => void ctx.log(`${nodeId}: ${line}`),
        });
        if (mounted.exitCode !== 0)
          throw new DriverError(
            'VM_VOLUME_MOUNT_FAILED',
            `node ${nodeId}: mounting ${device} at ${role.volume.mountPoint} exited ${mounted.exitCode}: ${mounted.stderr.trim()}`,
            false,
          );
      }
      return done({ ...node });
    });
  };
}
